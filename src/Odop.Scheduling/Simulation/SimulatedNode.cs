using Odop.Core.Hardware;

namespace Odop.Scheduling.Simulation;

/// <summary>One node to replay: its simulation's utilisation trace and the executions queued on it.</summary>
/// <param name="MemoryBytes">Node memory; 0 for no memory model (every memory check passes).</param>
public sealed record SimulatedNode(string Name, UtilisationTrace Trace, IReadOnlyList<SimulatedExecution> Executions, long MemoryBytes = 0)
{
    public NodeTopology Topology { get; init; } = NodeTopology.Flat;

    /// <summary>CPUs side tasks may use; every core of the trace when null.</summary>
    public CpuSet? UsableCpus { get; init; }

    public CpuSet SimulationCpus { get; init; } = CpuSet.Empty;
}
