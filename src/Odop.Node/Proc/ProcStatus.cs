using System.Text;
using Odop.Core.Hardware;
using Odop.Node.Internal;

namespace Odop.Node.Proc;

/// <summary>The fields Odop uses from /proc/&lt;pid&gt;/status.</summary>
/// <param name="State">'R' running, 'S' sleeping, 'D' disk wait, 'T' stopped, 't' traced, 'Z' zombie, 'I' idle.</param>
/// <param name="RssBytes">VmRSS; 0 for kernel threads and zombies.</param>
/// <param name="PeakRssBytes">VmHWM, the resident high-water mark.</param>
/// <param name="Uid">The real uid.</param>
public sealed record ProcStatus(
    string Name, char State, int Threads, long RssBytes, long PeakRssBytes, CpuSet CpusAllowed, int PPid, int Uid)
{
    /// <summary>null when the process is gone or unreadable.</summary>
    public static ProcStatus? Read(int pid) =>
        ProcFile.TryRead(ProcFile.PathOf(pid, "status"), out var text) ? Parse(text) : null;

    internal static ProcStatus? Parse(ReadOnlySpan<byte> text)
    {
        string name = "";
        char state = '?';
        int threads = 0, ppid = 0, uid = -1;
        long rss = 0, hwm = 0;
        CpuSet? cpus = null;
        while (!text.IsEmpty)
        {
            var line = SpanParsing.NextToken(ref text, (byte)'\n');
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue;
            var key = line[..colon];
            var value = line[(colon + 1)..].TrimStart((byte)'\t').TrimStart((byte)' ');
            if (key.SequenceEqual("Name"u8)) name = Encoding.UTF8.GetString(value);
            else if (key.SequenceEqual("State"u8)) state = value.IsEmpty ? '?' : (char)value[0];
            else if (key.SequenceEqual("PPid"u8)) ppid = (int)SpanParsing.ParseLong(value);
            else if (key.SequenceEqual("Uid"u8)) uid = (int)SpanParsing.ParseLong(SpanParsing.NextToken(ref value, (byte)'\t'));
            else if (key.SequenceEqual("Threads"u8)) threads = (int)SpanParsing.ParseLong(value);
            else if (key.SequenceEqual("VmRSS"u8)) rss = KiloBytes(value);
            else if (key.SequenceEqual("VmHWM"u8)) hwm = KiloBytes(value);
            else if (key.SequenceEqual("Cpus_allowed_list"u8)) cpus = CpuSet.TryParse(Encoding.ASCII.GetString(value), out var set, out _) ? set : null;
        }
        if (uid < 0 || cpus is null) return null; // truncated read: the process went away mid-way
        return new ProcStatus(name, state, threads, rss, hwm, cpus, ppid, uid);
    }

    private static long KiloBytes(ReadOnlySpan<byte> value)
    {
        var space = value.IndexOf((byte)' ');
        return SpanParsing.ParseLong(space < 0 ? value : value[..space]) * 1024;
    }
}
