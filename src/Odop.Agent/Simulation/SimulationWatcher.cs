using System.Threading.Channels;
using Odop.Agent.Loop;
using Odop.Core.Hardware;
using Odop.Node.Mpi;

namespace Odop.Agent.Simulation;

/// <summary>
/// Re-reads, every sampling period, which cores the simulation's MPI ranks are bound to, and ticks
/// the loop. Only changes are posted, so a steady simulation costs the loop nothing.
/// </summary>
internal sealed class SimulationWatcher(int? rootPid, ChannelWriter<AgentEvent> loop, TimeSpan period)
{
    private volatile MpiRankDiscovery _discovery = new(rootPid);
    private volatile bool _keepCoresAfterExit;

    /// <summary>
    /// From now on only ranks below <paramref name="pid"/> count (the mpirun `odop run` started).
    /// With <paramref name="keepCoresAfterExit"/>, the cores its ranks were bound to stay reserved after
    /// they exit, so draining side tasks never lands where the simulation ran.
    /// </summary>
    public void WatchDescendantsOf(int pid, bool keepCoresAfterExit)
    {
        _keepCoresAfterExit = keepCoresAfterExit;
        _discovery = new MpiRankDiscovery(pid);
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        CpuSet? last = null;
        var lastRanks = -1;
        using var timer = new PeriodicTimer(period);
        do
        {
            var ranks = _discovery.Scan();
            var cpus = CpuSet.Empty;
            foreach (var rank in ranks) cpus = cpus.Union(rank.BoundCpus);
            if (ranks.Count == 0 && _keepCoresAfterExit && last is not null) cpus = last;
            if (last is null || !cpus.Equals(last) || ranks.Count != lastRanks)
            {
                last = cpus;
                lastRanks = ranks.Count;
                await loop.WriteAsync(new SimulationCpusChanged(cpus, ranks.Count), stopping);
            }
            await loop.WriteAsync(Tick.Instance, stopping);
        }
        while (await WaitAsync(timer, stopping));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try { return await timer.WaitForNextTickAsync(stopping); }
        catch (OperationCanceledException) { return false; }
    }
}
