namespace Odop.Scheduling.Admission;

/// <summary>"longest-window": prefer the core predicted to stay idle longest (1 = no predicted end within the lookahead).</summary>
internal sealed class IdleWindowScorer(double weight) : ICoreScorer
{
    public string Name => "longest-window";
    public double Weight => weight;

    public double Score(int core, in SelectionContext context) =>
        context.Round.WindowOf(core) / (double)context.Round.Predictor.Options.LookaheadSteps;
}
