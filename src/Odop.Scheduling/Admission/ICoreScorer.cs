using Odop.Core.Hardware;

namespace Odop.Scheduling.Admission;

/// <summary>
/// Ranks one candidate core for one request. Guarantees: the score is in 0..1 (higher is better),
/// pure given the context, O(1) or O(cores of the request), and allocation-free. Scorers only see
/// cores every filter admitted; a scorer with nothing to say (e.g. no NUMA information) returns the
/// same score for every core, so it cannot change the choice.
/// </summary>
internal interface ICoreScorer
{
    string Name { get; }
    double Weight { get; }
    double Score(int core, in SelectionContext context);
}

/// <summary>What a scorer may look at while a request's cores are chosen one by one.</summary>
/// <param name="Picked">Cores already in the set: anchors (a moving task's kept cores) and earlier picks.</param>
/// <param name="Previous">Cores the execution ran on before, if any.</param>
internal readonly ref struct SelectionContext(CoreRound round, ReadOnlySpan<int> picked, CpuSet? previous, int need)
{
    public CoreRound Round { get; } = round;
    public ReadOnlySpan<int> Picked { get; } = picked;
    public CpuSet? Previous { get; } = previous;
    public int Need { get; } = need;
}
