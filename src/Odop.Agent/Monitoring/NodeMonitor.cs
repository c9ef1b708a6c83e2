using Odop.Node.Mpi;
using Odop.Node.Sampling;

namespace Odop.Agent.Monitoring;

/// <summary>
/// One sample of the node: system counters, the simulation's ranks and the side tasks, labelled and
/// turned into DESIGN.md's monitoring snapshot. Called from one thread (the watcher); the latest
/// snapshot and history are read from any thread.
/// </summary>
internal sealed class NodeMonitor : IDisposable
{
    private readonly ISystemSampler _system;
    private readonly IProcessSampler _processes;
    private readonly List<ProcessQuery> _queries = [];
    private readonly Dictionary<int, ProcessLabel> _labels = [];
    private volatile MonitoringSnapshot? _latest;

    public NodeMonitor(TimeProvider clock, int historyCapacity = 600)
    {
        _system = SystemSampler.Create(time: clock);
        _processes = ProcessSampler.Create(clock);
        History = new CpuHistory(historyCapacity);
    }

    public MonitoringSnapshot? Latest => _latest;

    /// <summary>Per-core utilisation over the last samples, for prediction. Written only by <see cref="Sample"/>.</summary>
    public CpuHistory History { get; }

    public MonitoringSnapshot Sample(IReadOnlyList<DiscoveredRank> ranks, IReadOnlyList<int> sideTaskPids)
    {
        _queries.Clear();
        _labels.Clear();
        foreach (var rank in ranks)
        {
            _queries.Add(new ProcessQuery(rank.Pid));
            _labels[rank.Pid] = new ProcessLabel(ProcessRole.Simulation, rank.Rank);
        }
        foreach (var pid in sideTaskPids)
        {
            // A side task's children (a Python pool, a shell pipeline) are part of its footprint.
            _queries.Add(new ProcessQuery(pid, IncludeDescendants: true));
            _labels[pid] = new ProcessLabel(ProcessRole.SideTask);
        }
        var system = _system.Sample();
        var processes = _processes.Sample(_queries);
        History.Append(system);
        var snapshot = MonitoringSnapshot.Create(system, processes, _labels);
        _latest = snapshot;
        return snapshot;
    }

    public void Dispose() => _system.Dispose();
}
