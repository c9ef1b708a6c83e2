namespace Odop.Scheduling;

/// <summary>Which rule decides; all share <see cref="SchedulerCore.Decide"/>.</summary>
public enum PolicyKind
{
    /// <summary>Baseline: start everything at once, unpinned, never preempt.</summary>
    Naive,

    /// <summary>Baseline, the original ODOP rule: a core is free when its last sample is under 10%; no prediction, no preemption.</summary>
    Threshold,

    /// <summary>This design: predicted idle windows, filters and scorers, reclaim with hysteresis.</summary>
    Odop,

    /// <summary>
    /// Fixed cores: every core no simulation rank is bound to and no side task holds is free, whatever its
    /// load; pinned, no prediction, no preemption. For nodes with cores set aside for side tasks, and for
    /// runs that must place the same way every time.
    /// </summary>
    Static,
}
