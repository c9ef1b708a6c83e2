namespace Odop.Scheduling.Admission;

/// <summary>
/// The odop placement chain: feasibility stages in a fixed order, then scorers, then
/// <see cref="CoreSelector"/> takes the best. Built in one place, <see cref="Odop"/>, where each line
/// says why it sits where it does.
/// </summary>
internal sealed class PlacementChain
{
    private readonly IPlacementStage[] _stages;

    private PlacementChain(IPlacementStage[] stages, ICoreScorer[] scorers)
    {
        _stages = stages;
        Scorers = scorers;
        CoreFilters = [.. stages.OfType<CoreFilter>()];
        for (var i = 0; i < CoreFilters.Count; i++) CoreFilters[i].Stage = i;
        var forcedPrefix = CoreFilters.TakeWhile(f => f.AppliesToForced).Count();
        if (CoreFilters.Skip(forcedPrefix).Any(f => f.AppliesToForced))
            throw new InvalidOperationException("core filters that apply to forced starts must come before the others");
    }

    public IReadOnlyList<IPlacementStage> Stages => _stages;
    public IReadOnlyList<CoreFilter> CoreFilters { get; }
    public IReadOnlyList<ICoreScorer> Scorers { get; }

    public static PlacementChain Odop(SchedulerOptions options)
    {
        var stages = new List<IPlacementStage>
        {
            // Request-only and O(1): a request bigger than the node is refused before any core is looked at.
            new EnoughCoresFilter(),
            // Request-only and O(1) too, and binding on forced starts: another task's class guarantee
            // (exclusive measurements) holds whatever the cores look like, so it is judged before them.
            new ClassFilter(),
            // Hard limits before anything predicted: excluded and leased cores are never negotiable.
            // It is the only core filter a forced start (a user's "run it now") passes through.
            new FreeCoreFilter(),
            // The prediction, the heart of the policy: only cores forecast idle for the whole horizon.
            new IdleWindowFilter(),
        };
        // After idle-window: only cores idle themselves are worth checking against their siblings' load.
        if (options.AvoidSmtSiblings) stages.Add(new SmtSiblingFilter());
        // Hysteresis after the prediction: a core can look idle between two bursts; one just reclaimed
        // must also have been idle N samples in a row.
        stages.Add(new ReclaimCooldownFilter());
        // Memory is a node-wide scalar; after the core filters so that a busy node reports the cores, the usual reason.
        stages.Add(new MemoryFilter());
        // Last: it narrows the candidates left by every core filter to those whose window fits the estimated time.
        stages.Add(new TimeWindowFilter());

        ICoreScorer[] scorers =
        [
            // Longest predicted window first: the task is least likely to be reclaimed there.
            new IdleWindowScorer(options.WindowWeight),
            // Where it ran before: a resumed or requeued task keeps warm caches and moves least.
            new PreviousCoresScorer(options.AffinityWeight),
            // One NUMA node per task: memory stays local to all its threads.
            new NumaPackingScorer(options.NumaWeight),
        ];
        return new PlacementChain([.. stages], scorers);
    }

    /// <summary>The first stage that refuses <paramref name="request"/>, or null when every stage admits it.</summary>
    public IPlacementStage? FirstRefusing(in RequestView request, CoreRound round)
    {
        foreach (var stage in _stages)
            if (!stage.Admits(request, round)) return stage;
        return null;
    }
}
