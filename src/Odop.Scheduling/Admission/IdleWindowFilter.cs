using System.Globalization;

namespace Odop.Scheduling.Admission;

/// <summary>
/// "idle-window": the core's forecast load plus its error margin stays under the idle threshold for
/// the whole horizon. A core with too little history to judge is not idle, unless no simulation rank can run
/// there and its last few samples were quiet (<see cref="CoreRound.IsQuietUnboundCore"/>). A core busy only in short
/// bursts is idle too (<see cref="CoreRound.IsShortBurstCore"/>): its forecast rarely clears the threshold for a
/// whole horizon, yet a SCHED_IDLE task there gives each burst the core at once.
/// </summary>
internal sealed class IdleWindowFilter : CoreFilter
{
    public override string Name => "idle-window";

    public override bool AdmitsCore(int core, CoreRound round)
    {
        var horizon = round.Predictor.Options.HorizonSteps;
        var predictor = round.Predictor[core];
        return predictor is not null && (predictor.IdleSteps(round.Options.IdleThreshold, horizon) >= horizon || round.IsQuietUnboundCore(core) || round.IsShortBurstCore(core));
    }

    public override string Explain(in RequestView request, CoreRound round) =>
        string.Create(CultureInfo.InvariantCulture,
            $"needs {request.Need} core(s) predicted idle (load + error margin under {round.Options.IdleThreshold:F2} for the next {round.Predictor.Options.Horizon.TotalSeconds:G3} s); {round.LeftAfter(Stage)} are (not idle: {Turned(round)})");
}
