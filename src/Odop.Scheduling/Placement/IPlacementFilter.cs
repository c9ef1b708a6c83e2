using Odop.Core.Hardware;

namespace Odop.Scheduling.Placement;

/// <summary>
/// A feasibility check. Guarantees: pure (same inputs, same answer), cheap, and a refusal always
/// carries a reason a person can read in `odop tasks show`.
/// </summary>
public interface IPlacementFilter
{
    string Name { get; }

    /// <summary>Narrows the candidate CPUs for <paramref name="request"/>; null with a reason refuses it.</summary>
    CpuSet? Filter(PlacementRequest request, NodeView node, CpuSet candidates, out string reason);
}
