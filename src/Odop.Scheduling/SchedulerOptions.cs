using Odop.Scheduling.Prediction;

namespace Odop.Scheduling;

/// <summary>Policy settings. Defaults follow DESIGN section 5.</summary>
public sealed record SchedulerOptions
{
    public PolicyKind Policy { get; init; } = PolicyKind.Odop;

    public PredictorOptions Predictor { get; init; } = new();

    /// <summary>A core is in an idle window when its forecast load plus error margin stays under this.</summary>
    public double IdleThreshold { get; init; } = 0.2;

    /// <summary>A side task's core is reclaimed when its observed load (not ours) goes over this. Above <see cref="IdleThreshold"/>: the band between them is hysteresis.</summary>
    public double BusyThreshold { get; init; } = 0.5;

    /// <summary>The threshold baseline's rule: a core is free when its last sample is under this.</summary>
    public double ThresholdPolicyLimit { get; init; } = 0.1;

    /// <summary>Keep side tasks off the SMT siblings of cores busy with simulation work.</summary>
    public bool AvoidSmtSiblings { get; init; } = true;

    /// <summary>Memory kept free: this share of total memory, unless <see cref="MemorySafetyBytes"/> is set.</summary>
    public double MemorySafetyFraction { get; init; } = 0.10;

    public long? MemorySafetyBytes { get; init; }

    /// <summary>After a reclaim, a core must be observed idle this many samples in a row before a side task gets it again.</summary>
    public int ReuseAfterIdleSamples { get; init; } = 5;

    /// <summary>
    /// A core no simulation rank is bound to may take a side task once its last this many samples show it quiet,
    /// before its predictor's warm-up ends: the warm-up learns the simulation's rhythm on a core, and no rank can
    /// run on this one; busy samples before those are the launch's. 0 makes every core wait for the warm-up.
    /// </summary>
    public int UnboundCoreQuietSamples { get; init; } = 3;

    /// <summary>
    /// Short bursts: a core whose load (not ours) came in at least <see cref="ShortBurstMinCount"/> spells over the
    /// predictor's window, none longer than this many samples, and was quiet in at least
    /// <see cref="ShortBurstMinQuietShare"/> of them (a simulation's helper thread waking for 150 ms every second or two)
    /// counts as idle: a side task starts there and runs through the bursts, since under SCHED_IDLE it yields the core
    /// to each one at once, where pausing at every burst would leave the core empty between them (the forecast of a
    /// bursty core rarely stays under the idle threshold for a whole horizon). A spell longer than this ends the pattern,
    /// and the task is reclaimed as from any busy core, this many samples later than from a core with no such history.
    /// 0 turns the rule off.
    /// </summary>
    public int ShortBurstSamples { get; init; } = 3;

    /// <summary>Ended spells the window must show before a core counts as bursty (see <see cref="ShortBurstSamples"/>).</summary>
    public int ShortBurstMinCount { get; init; } = 2;

    /// <summary>Share of the window's samples that must be quiet for a bursty core to count as idle.</summary>
    public double ShortBurstMinQuietShare { get; init; } = 0.75;

    /// <summary>
    /// Gap filling: a core the simulation keeps busy but for short, steady gaps (a rank sleeping through I/O, or
    /// blocked on a GPU, between compute phases) takes one single-core side task under SCHED_IDLE, which runs only
    /// in those gaps; the kernel hands each compute phase the core back at once. A core is gapped when, over its
    /// last <see cref="GapFillSamples"/> samples, its mean load leaves at least this share idle (and is over the idle
    /// threshold: else it is simply idle) and at most <see cref="GapFillMaxGapless"/> samples leave less than half of it.
    /// Such a task moves to an idle core as soon as one is free, and leaves the core like any reclaimed task once the
    /// window no longer qualifies. Exclusive executions never go there: their measurements would be a rank's leftovers.
    /// 0 (the default) turns it off; `odop run` turns it on (<see cref="DefaultGapFillMinIdleShare"/>) for the cores its
    /// simulation's ranks are bound to, which it otherwise reserves.
    /// </summary>
    public double GapFillMinIdleShare { get; init; }

    /// <summary>The gap share `odop run` lends at: a rank idle a tenth of its time in steady gaps.</summary>
    public const double DefaultGapFillMinIdleShare = 0.1;

    /// <summary>Samples a core's gaps are judged over (see <see cref="GapFillMinIdleShare"/>).</summary>
    public int GapFillSamples { get; init; } = 10;

    /// <summary>Samples of the window that may show (almost) no gap: one compute phase spanning a whole sample is jitter, three are a pattern.</summary>
    public int GapFillMaxGapless { get; init; } = 2;

    /// <summary>A task moved less than this long ago is paused, not moved again, when its new core is reclaimed.</summary>
    public TimeSpan MinDwell { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A task paused this long is stopped and queued again.</summary>
    public TimeSpan MaxPause { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Refuse a task whose estimated time is longer than the predicted idle window, where the window has an estimated end.</summary>
    public bool TimeMustFitWindow { get; init; } = true;

    /// <summary>Refusals explained per round (each costs a string); the rest are only counted.</summary>
    public int MaxExplainedRefusals { get; init; } = 8;

    public double WindowWeight { get; init; } = 1.0;
    public double AffinityWeight { get; init; } = 0.5;
    public double NumaWeight { get; init; } = 0.5;

    /// <summary>Throws on settings that cannot work together; returns this.</summary>
    public SchedulerOptions Validated()
    {
        if (!(IdleThreshold > 0 && IdleThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(IdleThreshold), IdleThreshold, "must be in (0, 1]");
        if (!(BusyThreshold >= IdleThreshold && BusyThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(BusyThreshold), BusyThreshold, "must be between IdleThreshold and 1");
        if (!(ThresholdPolicyLimit > 0 && ThresholdPolicyLimit <= 1)) throw new ArgumentOutOfRangeException(nameof(ThresholdPolicyLimit), ThresholdPolicyLimit, "must be in (0, 1]");
        if (!(MemorySafetyFraction >= 0 && MemorySafetyFraction < 1)) throw new ArgumentOutOfRangeException(nameof(MemorySafetyFraction), MemorySafetyFraction, "must be in [0, 1)");
        if (MemorySafetyBytes < 0) throw new ArgumentOutOfRangeException(nameof(MemorySafetyBytes), MemorySafetyBytes, "must not be negative");
        ArgumentOutOfRangeException.ThrowIfNegative(ReuseAfterIdleSamples, nameof(ReuseAfterIdleSamples));
        ArgumentOutOfRangeException.ThrowIfNegative(UnboundCoreQuietSamples, nameof(UnboundCoreQuietSamples));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxExplainedRefusals, nameof(MaxExplainedRefusals));
        ArgumentOutOfRangeException.ThrowIfNegative(ShortBurstSamples, nameof(ShortBurstSamples));
        ArgumentOutOfRangeException.ThrowIfLessThan(ShortBurstMinCount, 1, nameof(ShortBurstMinCount));
        if (!(ShortBurstMinQuietShare > 0 && ShortBurstMinQuietShare <= 1)) throw new ArgumentOutOfRangeException(nameof(ShortBurstMinQuietShare), ShortBurstMinQuietShare, "must be in (0, 1]");
        if (!(GapFillMinIdleShare >= 0 && GapFillMinIdleShare < 1)) throw new ArgumentOutOfRangeException(nameof(GapFillMinIdleShare), GapFillMinIdleShare, "must be in [0, 1)");
        ArgumentOutOfRangeException.ThrowIfLessThan(GapFillSamples, 1, nameof(GapFillSamples));
        if (GapFillMaxGapless < 0 || GapFillMaxGapless >= GapFillSamples) throw new ArgumentOutOfRangeException(nameof(GapFillMaxGapless), GapFillMaxGapless, "must be in [0, GapFillSamples)");
        if (MinDwell < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinDwell), "must not be negative");
        if (MaxPause <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxPause), "must be positive");
        if (WindowWeight < 0 || AffinityWeight < 0 || NumaWeight < 0) throw new ArgumentOutOfRangeException(nameof(WindowWeight), "scorer weights must not be negative");
        Predictor.Validated();
        return this;
    }
}
