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
    private volatile RawSample? _latest;
    private ProcessSample[] _rankSamples = [];
    private readonly SideTaskCharges _charges = new();
    private readonly RankMpiWait _mpiWait = new();

    public NodeMonitor(TimeProvider clock, int historyCapacity = 600)
    {
        // Memory, load and network twice a second: admission needs fresh memory, not ten readings a second.
        _system = SystemSampler.Create(new SystemSamplerOptions { SlowCountersEvery = 5 }, clock);
        _processes = ProcessSampler.Create(clock);
        History = new CpuHistory(historyCapacity);
    }

    /// <summary>The latest sample as DESIGN.md's snapshot, built when asked: most samples are never looked at.</summary>
    public MonitoringSnapshot? Latest => _latest is { } raw ? MonitoringSnapshot.Create(raw.System, raw.Processes, raw.Labels) : null;

    private sealed record RawSample(SystemSample System, IReadOnlyList<ProcessSample> Processes, IReadOnlyDictionary<int, ProcessLabel> Labels);

    /// <summary>Per-core utilisation over the last samples, for prediction. Written only by <see cref="Sample"/>.</summary>
    public CpuHistory History { get; }

    /// <summary>
    /// Samples the node. Per-core counters and side tasks are read every call; the simulation's ranks
    /// only when <paramref name="sampleRanks"/> is set (their last readings are reused otherwise): each
    /// /proc/&lt;pid&gt;/stat read costs microseconds of kernel time, and a 64-rank node read ten times a
    /// second would cost the agent most of its CPU budget for a signal the per-core counters already carry.
    /// </summary>
    public SampledCores Sample(IReadOnlyList<DiscoveredRank> ranks, IReadOnlyList<int> sideTaskPids, bool sampleRanks = true)
    {
        _queries.Clear();
        _labels.Clear();
        if (sampleRanks)
        {
            foreach (var rank in ranks) _queries.Add(new ProcessQuery(rank.Pid));
            _mpiWait.Sample(ranks.Select(r => r.Pid));
        }
        foreach (var rank in ranks) _labels[rank.Pid] = new ProcessLabel(ProcessRole.Simulation, rank.Rank, _mpiWait.ShareOf(rank.Pid));
        foreach (var pid in sideTaskPids)
        {
            // A side task's children (a Python pool, a shell pipeline) are part of its footprint.
            _queries.Add(new ProcessQuery(pid, IncludeDescendants: true));
            _labels[pid] = new ProcessLabel(ProcessRole.SideTask);
        }
        var system = _system.Sample();
        var sampled = _processes.Sample(_queries);
        if (sampleRanks) _rankSamples = sampled.Where(p => _labels.TryGetValue(p.Pid, out var l) && l.Role == ProcessRole.Simulation).ToArray();
        var processes = sampleRanks ? sampled : [.. _rankSamples.Where(p => _labels.ContainsKey(p.Pid)), .. sampled];
        History.Append(system);
        _latest = new RawSample(system, processes, new Dictionary<int, ProcessLabel>(_labels));
        return new SampledCores(_charges.Charge(system.Cores, sampled, sideTaskPids), system.Memory.AvailableBytes, system.Memory.TotalBytes);
    }

    public void Dispose() => _system.Dispose();
}
