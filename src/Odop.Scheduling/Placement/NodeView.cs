using Odop.Core.Hardware;

namespace Odop.Scheduling.Placement;

/// <summary>
/// A read-only view of one node at decision time.
/// </summary>
/// <param name="UsableCpus">CPUs the agent may hand to side tasks: its own affinity and cgroup cpuset, minus excluded CPUs.</param>
/// <param name="SimulationCpus">CPUs some simulation rank is bound to.</param>
/// <param name="LeasedCpus">CPUs already held by running or paused side tasks.</param>
public sealed record NodeView(CpuSet UsableCpus, CpuSet SimulationCpus, CpuSet LeasedCpus)
{
    /// <summary>Cores a side task may take without touching the simulation or another side task.</summary>
    public CpuSet IdleCpus => UsableCpus.Except(SimulationCpus).Except(LeasedCpus);

    /// <summary>Cores a forced start may take: the simulation's too, never another side task's.</summary>
    public CpuSet UnleasedCpus => UsableCpus.Except(LeasedCpus);

    public NodeView Lease(CpuSet cpus) => this with { LeasedCpus = LeasedCpus.Union(cpus) };
}
