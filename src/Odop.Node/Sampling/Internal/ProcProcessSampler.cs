using System.Globalization;
using Odop.Core.Hardware;

namespace Odop.Node.Sampling.Internal;

/// <summary>The /proc implementation of <see cref="IProcessSampler"/>.</summary>
internal sealed class ProcProcessSampler(TimeProvider time, string procRoot) : IProcessSampler
{
    private readonly Dictionary<int, Tracked> _tracked = [];
    private readonly List<int> _stale = [];
    private readonly List<int> _descendants = [];
    private readonly AffinityReader _affinity = new();
    private readonly ProcessTree _tree = new(procRoot);
    private readonly ProcFile _uptime = new(Path.Combine(procRoot, "uptime"), 128, singleRecord: true);
    private readonly long _pageSize = Environment.SystemPageSize;
    private long _generation;
    private const int KeepUnaskedGenerations = 32;
    private double _uptimeSeconds = double.NaN;

    /// <summary>What one pid needs between samples: its open stat file and the last counters.</summary>
    private sealed class Tracked(int pid, string statPath)
    {
        public readonly int Pid = pid;
        public readonly ProcFile Stat = new(statPath, 512, singleRecord: true);
        public ulong StartTicks, CpuTicks;
        public long Timestamp;
        public bool HasBaseline;
        public long Generation = -1;
        public AffinityCache Affinity;
        public ProcessSample? Last; // this generation's reading, when a pid is both target and descendant
    }

    public IReadOnlyList<ProcessSample> Sample(IReadOnlyList<ProcessQuery> queries)
    {
        _generation++;
        _uptimeSeconds = double.NaN;
        var now = time.GetTimestamp();
        var result = new List<ProcessSample>(queries.Count);
        foreach (var query in queries)
        {
            var sample = Measure(query.Pid, now);
            if (sample is null) continue;
            if (query.IncludeDescendants) sample = sample with { Descendants = SumDescendants(query.Pid, now) };
            result.Add(sample);
        }
        DropUnasked();
        return result;
    }

    private ProcessSample? Measure(int pid, long now)
    {
        if (!_tracked.TryGetValue(pid, out var t))
            _tracked[pid] = t = new Tracked(pid, Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
        if (t.Generation == _generation) return t.Last;
        t.Generation = _generation;
        t.Last = null;

        // A kept handle fails once its process is reaped; one reopen tells "gone" from "recycled pid".
        var hadHandle = t.Stat.IsOpen;
        if (!TryReadStat(t, out var stat) && !(hadHandle && TryReadStat(t, out stat))) return null;

        if (t.HasBaseline && stat.StartTicks != t.StartTicks) t.HasBaseline = false; // recycled pid
        var cpu = t.HasBaseline ? Interval(t, stat, now) : SinceStart(stat);
        t.HasBaseline = true;
        t.StartTicks = stat.StartTicks;
        t.CpuTicks = stat.CpuTicks;
        t.Timestamp = now;

        t.Last = new ProcessSample(pid, stat.ParentPid, stat.State, cpu, stat.RssPages * _pageSize, stat.Threads,
            stat.Processor, _affinity.Read(pid, ref t.Affinity), null);
        return t.Last;
    }

    private static bool TryReadStat(Tracked t, out PidStat stat)
    {
        stat = default;
        return t.Stat.TryRead(out var text) && PidStatParser.TryParse(text, out stat);
    }

    private double? Interval(Tracked t, PidStat stat, long now)
    {
        var seconds = time.GetElapsedTime(t.Timestamp, now).TotalSeconds;
        if (seconds <= 0) return t.Last?.Cpu;
        var ticks = stat.CpuTicks >= t.CpuTicks ? stat.CpuTicks - t.CpuTicks : 0;
        return ticks / Native.TicksPerSecond / seconds;
    }

    // Without a previous reading the best estimate is the lifetime average: CPU time over age.
    private double? SinceStart(PidStat stat)
    {
        if (double.IsNaN(_uptimeSeconds))
            _uptimeSeconds = _uptime.TryRead(out var text) && new ByteCursor(text).TryNextDouble(out var up) ? up : -1;
        var age = _uptimeSeconds - stat.StartTicks / Native.TicksPerSecond;
        return _uptimeSeconds > 0 && age > 0 ? stat.CpuTicks / Native.TicksPerSecond / age : null;
    }

    private ProcessTotals SumDescendants(int pid, long now)
    {
        _descendants.Clear();
        _tree.Collect(pid, _generation, _descendants);
        int count = 0, threads = 0;
        double cpu = 0;
        long rss = 0;
        foreach (var child in _descendants)
        {
            var s = Measure(child, now);
            if (s is null) continue;
            count++;
            cpu += s.Cpu ?? 0;
            rss += s.RssBytes;
            threads += s.Threads;
        }
        return new ProcessTotals(count, cpu, rss, threads);
    }

    /// <summary>
    /// Forgets pids that are gone, and pids not asked for in <see cref="KeepUnaskedGenerations"/> samples.
    /// A pid skipped for a few samples keeps its open handle: callers that read some processes only
    /// every n-th sample (the agent reads ranks every 10th) would otherwise reopen each one every time,
    /// and open + close cost more than the read.
    /// </summary>
    private void DropUnasked()
    {
        _stale.Clear();
        foreach (var (pid, t) in _tracked)
            if ((t.Generation == _generation && t.Last is null) || _generation - t.Generation > KeepUnaskedGenerations) _stale.Add(pid);
        foreach (var pid in _stale)
        {
            _tracked[pid].Stat.Dispose();
            _tracked.Remove(pid);
        }
    }

    public void Dispose()
    {
        foreach (var t in _tracked.Values) t.Stat.Dispose();
        _tracked.Clear();
        _uptime.Dispose();
    }
}
