namespace Odop.Scheduling.Admission;

/// <summary>
/// A stage that judges cores rather than requests. <see cref="AdmitsCore"/> runs once per round for
/// each usable core that every earlier core filter admitted, before any request is looked at; the
/// round keeps how many cores are left after each core filter. A request is admitted here while at
/// least its need is left, so a refusal names the stage that narrowed the cores too far.
/// Guarantees: <see cref="AdmitsCore"/> is pure given the round and O(1) per core.
/// </summary>
internal abstract class CoreFilter : IPlacementStage
{
    public abstract string Name { get; }

    /// <summary>Position among the chain's core filters; set once by the chain.</summary>
    public int Stage { get; set; } = -1;

    /// <summary>Whether a forced start (a user's "run it now") must pass this filter too. Such filters come first.</summary>
    public virtual bool AppliesToForced => false;

    public abstract bool AdmitsCore(int core, CoreRound round);

    public bool Admits(in RequestView request, CoreRound round) =>
        (request.Forced && !AppliesToForced) || round.LeftAfter(Stage) >= request.Need;

    public abstract string Explain(in RequestView request, CoreRound round);

    /// <summary>"core(s) 3,7" or "core(s) 3,7,… (12 in all)": the cores this filter turned away this round.</summary>
    protected string Turned(CoreRound round) => round.DescribeStoppedAt(Stage);
}
