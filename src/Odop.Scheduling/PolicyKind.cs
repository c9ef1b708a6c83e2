namespace Odop.Scheduling;

/// <summary>Which rule decides; all three share <see cref="SchedulerCore.Decide"/>.</summary>
public enum PolicyKind
{
    /// <summary>Baseline: start everything at once, unpinned, never preempt.</summary>
    Naive,

    /// <summary>Baseline, the original ODOP rule: a core is free when its last sample is under 10%; no prediction, no preemption.</summary>
    Threshold,

    /// <summary>This design: predicted idle windows, filters and scorers, reclaim with hysteresis.</summary>
    Odop,
}
