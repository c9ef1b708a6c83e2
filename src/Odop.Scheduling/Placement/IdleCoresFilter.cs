using Odop.Core.Hardware;

namespace Odop.Scheduling.Placement;

/// <summary>Keeps only cores no simulation rank is bound to and no side task holds (forced starts may use the simulation's).</summary>
public sealed class IdleCoresFilter : IPlacementFilter
{
    public string Name => "idle-cores";

    public CpuSet? Filter(PlacementRequest request, NodeView node, CpuSet candidates, out string reason)
    {
        var allowed = candidates.Intersect(request.Forced ? node.UnleasedCpus : node.IdleCpus);
        if (allowed.Count >= request.Cores) { reason = ""; return allowed; }
        reason = request.Forced
            ? $"needs {request.Cores} core(s) not held by another side task; {allowed.Count} free ({allowed})"
            : $"needs {request.Cores} idle core(s); {allowed.Count} idle ({(allowed.IsEmpty ? "none" : allowed.ToString())}), simulation holds {node.SimulationCpus}, side tasks hold {(node.LeasedCpus.IsEmpty ? "none" : node.LeasedCpus.ToString())}";
        return null;
    }
}
