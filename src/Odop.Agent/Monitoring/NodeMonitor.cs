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
    private Dictionary<int, ProcessLabel> _labels = [];
    private IReadOnlyList<DiscoveredRank>? _labelledRanks;
    private IReadOnlyList<int>? _labelledSideTasks;
    private volatile RawSample? _latest;
    private ProcessSample[] _rankSamples = [];
    private readonly SideTaskCharges _charges = new();
    private readonly RankMpiWait _mpiWait = new();
    private static readonly int SelfPid = Environment.ProcessId;

    /// <summary>Memory, load and network are read every this many samples.</summary>
    public const int SlowCountersEvery = 5;

    public NodeMonitor(TimeProvider clock, int historyCapacity = 600)
    {
        // Memory, load and network twice a second: admission needs fresh memory, not ten readings a second.
        _system = SystemSampler.Create(new SystemSamplerOptions { SlowCountersEvery = SlowCountersEvery }, clock);
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
        if (sampleRanks)
        {
            foreach (var rank in ranks) _queries.Add(new ProcessQuery(rank.Pid));
            _mpiWait.Sample(ranks.Select(r => r.Pid));
        }
        // A side task's children (a Python pool, a shell pipeline) are part of its footprint.
        foreach (var pid in sideTaskPids) _queries.Add(new ProcessQuery(pid, IncludeDescendants: true));
        // This process last, without its children (those are the side tasks, read above): its CPU is ours.
        _queries.Add(new ProcessQuery(SelfPid));
        var labels = LabelsFor(ranks, sideTaskPids, sampleRanks);
        var system = _system.Sample();
        var sampled = _processes.Sample(_queries);
        var self = TakeSelf(ref sampled);
        if (sampleRanks) _rankSamples = sampled.Where(p => labels.TryGetValue(p.Pid, out var l) && l.Role == ProcessRole.Simulation).ToArray();
        var processes = sampleRanks || _rankSamples.Length == 0 ? sampled : [.. _rankSamples.Where(p => labels.ContainsKey(p.Pid)), .. sampled];
        History.Append(system);
        _latest = new RawSample(system, processes, labels);
        return new SampledCores(_charges.Charge(system.Cores, sampled, sideTaskPids, self), system.Memory.AvailableBytes, system.Memory.TotalBytes);
    }

    /// <summary>Removes this process's sample from <paramref name="sampled"/> (it is no rank and no side task) and returns it.</summary>
    private static ProcessSample? TakeSelf(ref IReadOnlyList<ProcessSample> sampled)
    {
        for (var i = sampled.Count - 1; i >= 0; i--)
        {
            if (sampled[i].Pid != SelfPid) continue;
            var self = sampled[i];
            var rest = new ProcessSample[sampled.Count - 1];
            for (int from = 0, to = 0; from < sampled.Count; from++)
                if (from != i) rest[to++] = sampled[from];
            sampled = rest;
            return self;
        }
        return null;
    }

    /// <summary>
    /// Who each sampled pid is. Rebuilt only when the ranks, the side tasks or the ranks' MPI wait shares
    /// change (most samples change none); a published map is never modified, readers on other threads hold it.
    /// </summary>
    private Dictionary<int, ProcessLabel> LabelsFor(IReadOnlyList<DiscoveredRank> ranks, IReadOnlyList<int> sideTaskPids, bool sampleRanks)
    {
        if (!sampleRanks && ReferenceEquals(ranks, _labelledRanks) && ReferenceEquals(sideTaskPids, _labelledSideTasks)) return _labels;
        var labels = new Dictionary<int, ProcessLabel>(ranks.Count + sideTaskPids.Count);
        foreach (var rank in ranks) labels[rank.Pid] = new ProcessLabel(ProcessRole.Simulation, rank.Rank, _mpiWait.ShareOf(rank.Pid));
        foreach (var pid in sideTaskPids) labels[pid] = new ProcessLabel(ProcessRole.SideTask);
        (_labels, _labelledRanks, _labelledSideTasks) = (labels, ranks, sideTaskPids);
        return labels;
    }

    public void Dispose() => _system.Dispose();
}
