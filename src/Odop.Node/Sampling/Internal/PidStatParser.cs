namespace Odop.Node.Sampling.Internal;

/// <summary>Parses /proc/&lt;pid&gt;/stat ("pid (comm) S ppid ...", fields numbered from 1 as in proc(5)).</summary>
internal static class PidStatParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out PidStat stat)
    {
        stat = default;
        // comm may hold spaces and parentheses; it ends at the last ')'.
        var close = text.LastIndexOf((byte)')');
        if (close < 0) return false;
        var f = new ByteCursor(text[(close + 1)..]);

        var state = f.NextToken();                                  // 3
        if (state.Length != 1) return false;
        if (!f.TryNextInt32(out var ppid)) return false;            // 4
        f.Skip(9);                                                  // 5..13
        if (!f.TryNextUInt64(out var utime)) return false;          // 14
        if (!f.TryNextUInt64(out var stime)) return false;          // 15
        f.Skip(4);                                                  // 16..19
        if (!f.TryNextInt32(out var threads)) return false;         // 20
        f.Skip(1);                                                  // 21
        if (!f.TryNextUInt64(out var start)) return false;          // 22
        f.Skip(1);                                                  // 23
        if (!f.TryNextInt64(out var rss)) return false;             // 24
        f.Skip(14);                                                 // 25..38
        if (!f.TryNextInt32(out var processor)) processor = -1;     // 39 (absent before 2.2.8)

        stat = new PidStat((char)state[0], ppid, utime + stime, threads, start, rss, processor);
        return true;
    }
}
