using Odop.Core.Hardware;

namespace Odop.Scheduling;

/// <summary>What the agent knows about its node at decision time, apart from the per-core samples.</summary>
/// <param name="UsableCpus">CPUs the agent may hand to side tasks: its own affinity and cgroup cpuset.</param>
public sealed record NodeFacts(CpuSet UsableCpus)
{
    /// <summary>
    /// CPUs some simulation rank is bound to. The odop policy goes by measured load; it only lets a quiet core outside
    /// these skip the predictor's warm-up (<see cref="SchedulerOptions.UnboundCoreQuietSamples"/>).
    /// </summary>
    public CpuSet SimulationCpus { get; init; } = CpuSet.Empty;

    /// <summary>CPUs no side task may use (configuration, or a user's exclusion).</summary>
    public CpuSet ExcludedCpus { get; init; } = CpuSet.Empty;

    /// <summary>
    /// Excluded CPUs whose gaps may still be filled (<see cref="SchedulerOptions.GapFillMinIdleShare"/>): cores reserved
    /// for the simulation's ranks, which take no side task on their own load but may lend the rank's idle gaps.
    /// Ignored where not also in <see cref="ExcludedCpus"/>: a core that is not excluded may be gap-filled anyway.
    /// </summary>
    public CpuSet GapFillCpus { get; init; } = CpuSet.Empty;

    /// <summary>Memory the kernel could hand out now (MemAvailable).</summary>
    public long AvailableMemoryBytes { get; init; } = long.MaxValue;

    /// <summary>Total memory; the default safety margin is a share of it. 0 when unknown.</summary>
    public long TotalMemoryBytes { get; init; }

    public NodeTopology Topology { get; init; } = NodeTopology.Flat;
}
