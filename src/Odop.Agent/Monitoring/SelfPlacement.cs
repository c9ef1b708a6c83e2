using Odop.Core.Hardware;
using Odop.Node;

namespace Odop.Agent.Monitoring;

/// <summary>
/// Keeps this process's threads (agent, engine and CLI in `odop run`) off the cores the simulation's
/// ranks are bound to: the agent wakes ten times a second and a rank sharing its core waits for it.
/// Where the ranks hold every core this process may use, it stays where it was: it has to run somewhere.
/// </summary>
internal sealed class SelfPlacement
{
    private readonly CpuSet _allowed = Affinity.OfCurrentProcess();
    private CpuSet? _applied;

    /// <summary>Moves every thread of this process to the allowed CPUs outside <paramref name="simulationCpus"/>.</summary>
    /// <returns>The CPUs this process now runs on; null when the kernel refused (it then stays where it was).</returns>
    public CpuSet? KeepOff(CpuSet simulationCpus)
    {
        var target = _allowed.Except(simulationCpus);
        if (target.IsEmpty) target = _allowed;
        if (_applied is { } applied && applied.Equals(target)) return target;
        try
        {
            Affinity.SetProcess(Environment.ProcessId, target);
        }
        catch (Exception e) when (e is ArgumentException or System.ComponentModel.Win32Exception)
        {
            // Called on the sampler thread: a cpuset changed under us must not stop the node's sampling.
            return null;
        }
        _applied = target;
        return target;
    }
}
