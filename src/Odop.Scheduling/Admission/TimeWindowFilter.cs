using System.Globalization;
using Odop.Core.Quantities;

namespace Odop.Scheduling.Admission;

/// <summary>
/// "time-window": the task's estimated time fits in the predicted idle window of enough candidate
/// cores. A window with no predicted end (still open at the lookahead) fits anything; a request
/// without a time estimate, or a forced one, is admitted.
/// </summary>
internal sealed class TimeWindowFilter : IPlacementStage
{
    public string Name => "time-window";

    public bool Admits(in RequestView request, CoreRound round) =>
        MinWindowSteps(request, round) is not { } steps || round.CandidatesWithWindow(steps) >= request.Need;

    /// <summary>The window, in samples, each core of this request must offer; null when the stage does not apply.</summary>
    public static int? MinWindowSteps(in RequestView request, CoreRound round) =>
        request.Forced || !round.Options.TimeMustFitWindow || request.Request.Time is not { } time
            ? null
            : round.Predictor.Options.StepsFor(time);

    public string Explain(in RequestView request, CoreRound round)
    {
        var period = round.Predictor.Options.SamplingPeriod;
        return string.Create(CultureInfo.InvariantCulture,
            $"estimated time {new DurationQuantity(request.Request.Time ?? TimeSpan.Zero)} is longer than the predicted idle window of all but {round.CandidatesWithWindow(MinWindowSteps(request, round) ?? 0)} of {round.Candidates} candidate core(s), {request.Need} needed (longest window {(period * round.LongestWindow()).TotalSeconds:G3} s)");
    }
}
