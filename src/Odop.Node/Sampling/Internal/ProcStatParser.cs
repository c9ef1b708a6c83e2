namespace Odop.Node.Sampling.Internal;

/// <summary>Parses the per-CPU tick counters at the top of /proc/stat.</summary>
internal static class ProcStatParser
{
    private const int Columns = 8; // user nice system idle iowait irq softirq steal

    /// <summary>
    /// Fills <paramref name="into"/> with the aggregate line and one entry per online CPU. Parsing
    /// stops at the first non-cpu line, so the long "intr" line is never scanned.
    /// </summary>
    public static void Parse(ReadOnlySpan<byte> text, List<CpuTicks> into)
    {
        into.Clear();
        Span<ulong> v = stackalloc ulong[Columns];
        var cursor = new ByteCursor(text);
        while (!cursor.IsEmpty)
        {
            var line = cursor.NextLine();
            if (!line.StartsWith("cpu"u8))
            {
                if (into.Count > 0) break;
                continue;
            }
            var fields = new ByteCursor(line);
            var name = fields.NextToken();
            int id;
            if (name.Length == 3) id = CpuTicks.AggregateId;
            else if (!ByteCursor.TryParse(name[3..], out id)) continue;

            // Old kernels print fewer columns; the missing ones count as zero. guest and guest_nice
            // are already included in user and nice, so they are not added again.
            v.Clear();
            var n = 0;
            while (n < Columns && fields.TryNextUInt64(out v[n])) n++;
            if (n < 4) continue;
            var busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
            var total = busy + v[3] + v[4]; // iowait is idle time: the CPU could have run something
            into.Add(new CpuTicks(id, busy, total));
        }
    }
}
