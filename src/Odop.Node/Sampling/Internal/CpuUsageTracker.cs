namespace Odop.Node.Sampling.Internal;

/// <summary>Turns successive /proc/stat tick counters into per-CPU utilisation.</summary>
internal sealed class CpuUsageTracker
{
    private readonly List<CpuTicks> _ticks = [];
    private Previous[] _byId = [];
    private Previous _aggregate;

    private struct Previous
    {
        public ulong Busy, Total;
        public double Usage;
    }

    /// <summary>Records counters without producing usage: the baseline for the first sample.</summary>
    public void Prime(ReadOnlySpan<byte> procStat)
    {
        ProcStatParser.Parse(procStat, _ticks);
        foreach (var t in _ticks) Update(ref Slot(t.Id), t);
    }

    public CoreUsage[] Sample(ReadOnlySpan<byte> procStat, out double total)
    {
        ProcStatParser.Parse(procStat, _ticks);
        total = 0;
        var cores = new CoreUsage[_ticks.Count == 0 ? 0 : _ticks.Count - (_ticks[0].Id == CpuTicks.AggregateId ? 1 : 0)];
        var n = 0;
        foreach (var t in _ticks)
        {
            var usage = Update(ref Slot(t.Id), t);
            if (t.Id == CpuTicks.AggregateId) total = usage;
            else if (n < cores.Length) cores[n++] = new CoreUsage(t.Id, usage);
        }
        return cores;
    }

    private ref Previous Slot(int id)
    {
        if (id == CpuTicks.AggregateId) return ref _aggregate;
        if (id >= _byId.Length) Array.Resize(ref _byId, Math.Max(id + 1, _byId.Length * 2));
        return ref _byId[id];
    }

    private static double Update(ref Previous p, CpuTicks t)
    {
        // Counters can step back (iowait is known to) and two reads within one tick see no change;
        // both keep the previous value rather than invent 0 or 100 %.
        if (t.Total > p.Total)
        {
            var busy = t.Busy > p.Busy ? t.Busy - p.Busy : 0;
            p.Usage = Math.Clamp((double)busy / (t.Total - p.Total), 0, 1);
        }
        p.Busy = t.Busy;
        p.Total = t.Total;
        return p.Usage;
    }
}
