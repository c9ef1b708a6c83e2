using Odop.Core.Hardware;

namespace Odop.Scheduling.Placement;

/// <summary>
/// Places queued executions onto cores: feasibility filters narrow the candidate cores, then
/// selection takes the lowest ids (packing side tasks together leaves larger idle runs for later).
/// Pure: the caller passes the node view and the queue in order, and applies the outcome.
/// </summary>
public sealed class CorePlacer(IReadOnlyList<IPlacementFilter> filters)
{
    public static CorePlacer Default() => new([new IdleCoresFilter()]);

    /// <summary>
    /// Walks the queue in order (priority, then enqueue order). An execution that does not fit does not
    /// block smaller ones behind it (backfill): idle cores are worth more used than held for later.
    /// </summary>
    public IReadOnlyList<PlacementOutcome> Place(NodeView node, IEnumerable<PlacementRequest> queueInOrder)
    {
        var outcomes = new List<PlacementOutcome>();
        foreach (var request in queueInOrder)
        {
            var outcome = PlaceOne(request, node);
            outcomes.Add(outcome);
            if (outcome is Placed placed) node = node.Lease(placed.Cpus);
            if (!request.Forced && node.IdleCpus.IsEmpty) break; // nothing left to hand out this round
        }
        return outcomes;
    }

    public PlacementOutcome PlaceOne(PlacementRequest request, NodeView node)
    {
        var candidates = node.UsableCpus;
        foreach (var filter in filters)
        {
            var narrowed = filter.Filter(request, node, candidates, out var reason);
            if (narrowed is null) return new NotPlaced(request.ExecutionId, filter.Name, reason);
            candidates = narrowed;
        }
        return new Placed(request.ExecutionId, candidates.Take(request.Cores));
    }
}
