using System.Threading.Channels;
using Odop.Agent.Loop;
using Odop.Core.Hardware;
using Odop.Node.Mpi;

namespace Odop.Agent.Monitoring;

/// <summary>
/// The agent's clock: every sampling period it samples the node and ticks the loop. Which processes
/// are the simulation's ranks is re-read less often (every <see cref="RankRescanEvery"/> periods):
/// finding them reads every process on the node, and ranks rarely come and go. The ranks' own CPU and
/// memory are read every <see cref="RankSampleEvery"/> periods; per-core counters every period.
/// </summary>
internal sealed class NodeWatcher(int? rootPid, NodeMonitor monitor, Func<IReadOnlyList<int>> sideTaskPids,
    ChannelWriter<AgentEvent> loop, TimeSpan period, SelfPlacement? selfPlacement = null)
{

    public const int RankRescanEvery = 50;
    public const int RankSampleEvery = 20;

    private volatile MpiRankDiscovery _discovery = new(rootPid);
    private volatile SimulationCoreUse _coreUse;
    private volatile bool _rescanNow = true;
    private volatile bool _ranksSeen; // the watched simulation has shown its ranks once
    private IReadOnlyList<DiscoveredRank> _ranks = [];

    /// <summary>The ranks found by the last scan.</summary>
    public IReadOnlyList<DiscoveredRank> Ranks => Volatile.Read(ref _ranks);

    /// <summary>
    /// From now on only ranks below <paramref name="pid"/> count (the mpirun `odop run` started).
    /// Unless <paramref name="coreUse"/> is <see cref="SimulationCoreUse.Shared"/>, the cores its ranks are bound to are
    /// reserved while it runs and after it exits, so draining side tasks never land where it ran.
    /// </summary>
    public void WatchDescendantsOf(int pid, SimulationCoreUse coreUse)
    {
        _coreUse = coreUse;
        _discovery = new MpiRankDiscovery(pid);
        _ranksSeen = false;
        _rescanNow = true;
    }

    /// <summary>
    /// Runs on a dedicated thread: a 10 Hz loop that hops through a timer and the thread pool on every
    /// tick costs more CPU than the sampling itself on an idle node.
    /// </summary>
    public Task RunAsync(CancellationToken stopping)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { Run(stopping); done.TrySetResult(); }
            catch (OperationCanceledException) { done.TrySetResult(); }
            catch (ChannelClosedException) { done.TrySetResult(); }
            catch (Exception e) { done.TrySetException(e); }
        }) { IsBackground = true, Name = "odop-sampler" };
        thread.Start();
        return done.Task;
    }

    private void Run(CancellationToken stopping)
    {
        CpuSet? lastCpus = null;
        var lastCount = -1;
        var tick = 0L;
        var next = Environment.TickCount64;
        while (!stopping.IsCancellationRequested)
        {
            // While a watched simulation has not shown a rank yet, look every period: a side task
            // placed before its ranks are known could land on their cores.
            var starting = _discovery.RootPid is not null && !_ranksSeen;
            var rescanDue = tick % RankRescanEvery == 0;
            if (_rescanNow || starting || rescanDue)
            {
                _rescanNow = false;
                var ranks = _discovery.Scan();
                Volatile.Write(ref _ranks, ranks);
                var cpus = CpuSet.Empty;
                foreach (var rank in ranks) cpus = cpus.Union(rank.BoundCpus);
                if (ranks.Count == 0 && _coreUse != SimulationCoreUse.Shared && _ranksSeen && lastCpus is { IsEmpty: false }) cpus = lastCpus;
                if (ranks.Count > 0) _ranksSeen = true;
                if (lastCpus is null || !cpus.Equals(lastCpus) || ranks.Count != lastCount)
                {
                    (lastCpus, lastCount) = (cpus, ranks.Count);
                    Post(new SimulationCpusChanged(cpus, ranks.Count, _coreUse));
                    selfPlacement?.KeepOff(cpus);
                }
            }
            var sampled = monitor.Sample(Ranks, sideTaskPids(), sampleRanks: tick % RankSampleEvery == 0);
            // Every sample reaches the loop: the predictor learns each core's rhythm even while nothing waits.
            Post(new NodeSampled(TimeSpan.FromMilliseconds(Environment.TickCount64), sampled.Cores, sampled.AvailableMemoryBytes, sampled.TotalMemoryBytes));
            tick++;

            // Fixed rate, not fixed delay: a slow sample does not shift the ones after it.
            next += (long)period.TotalMilliseconds;
            var wait = next - Environment.TickCount64;
            if (wait < 0) next = Environment.TickCount64; // fell behind (a suspended VM): start afresh
            else if (stopping.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(wait))) return;
        }
    }

    // The loop's channel is unbounded: a write never blocks.
    private void Post(AgentEvent agentEvent) => loop.TryWrite(agentEvent);
}
