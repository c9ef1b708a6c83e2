using Odop.Scheduling.Placement;

namespace Odop.Scheduling;

/// <summary>Everything one decision looks at. The scheduler keeps no reference to it after <c>Decide</c> returns.</summary>
/// <param name="Now">Monotonic time of this sample (only differences matter); the scheduler reads no clock.</param>
/// <param name="Samples">The latest sample of each core (cores missing here keep their previous sample).</param>
/// <param name="Queue">Queued executions in order: forced ones first, then priority, then enqueue order.
/// Executions the scheduler already runs or holds paused are skipped if they appear.</param>
public sealed record SchedulingInput(TimeSpan Now, NodeFacts Node, IReadOnlyList<CoreSample> Samples, IReadOnlyList<PlacementRequest> Queue)
{
    /// <summary>Executions that ended (finished, failed, stopped, or their start was refused) since the last decision.</summary>
    public IReadOnlyCollection<string> Ended { get; init; } = [];
}
