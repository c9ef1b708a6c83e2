using System.Text;
using Odop.Node.Internal;

namespace Odop.Node.Proc;

/// <summary>The fields Odop uses from /proc/&lt;pid&gt;/stat (one line, one file: the cheapest sample).</summary>
/// <param name="UserTicks">utime, in clock ticks (<see cref="TicksPerSecond"/>).</param>
/// <param name="ChildUserTicks">cutime: user time of waited-for children.</param>
/// <param name="StartTimeTicks">Clock ticks after boot the process started; with the pid it names one process.</param>
/// <param name="RssPages">Resident pages (<see cref="Environment.SystemPageSize"/> bytes each).</param>
/// <param name="Processor">The CPU the process last ran on.</param>
public sealed record ProcStat(
    int Pid, string Comm, char State, int PPid, int Pgrp, int Session,
    long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks,
    int Threads, long StartTimeTicks, long RssPages, int Processor)
{
    public static long TicksPerSecond { get; } = Math.Max(1, Libc.sysconf(Libc._SC_CLK_TCK));

    /// <summary>utime + stime.</summary>
    public long CpuTicks => UserTicks + SystemTicks;

    public long RssBytes => RssPages * Environment.SystemPageSize;

    /// <summary>null when the process is gone or unreadable.</summary>
    public static ProcStat? Read(int pid) =>
        ProcFile.TryRead(ProcFile.PathOf(pid, "stat"), out var text) ? Parse(pid, text) : null;

    /// <summary>The same under another proc root (a fake one in tests).</summary>
    internal static ProcStat? Read(string procRoot, int pid) =>
        ProcFile.TryRead(ProcFile.PathOf(procRoot, pid, "stat"), out var text) ? Parse(pid, text) : null;

    internal static ProcStat? Parse(int pid, ReadOnlySpan<byte> text)
    {
        // comm is in parentheses and may itself contain spaces and parentheses: split at the last ')'.
        var open = text.IndexOf((byte)'(');
        var close = text.LastIndexOf((byte)')');
        if (open < 0 || close < open || close + 2 >= text.Length) return null;
        var comm = Encoding.UTF8.GetString(text[(open + 1)..close]);
        var rest = text[(close + 2)..];

        // Fields after comm, 0-based: 0 state, 1 ppid, 2 pgrp, 3 session, 11 utime, 12 stime, 13 cutime,
        // 14 cstime, 17 num_threads, 19 starttime, 21 rss, 36 processor.
        Span<long> f = stackalloc long[37];
        char state = '?';
        for (var i = 0; i < f.Length; i++)
        {
            if (rest.IsEmpty) return null; // truncated
            var token = SpanParsing.NextToken(ref rest, (byte)' ');
            if (i == 0) state = token.IsEmpty ? '?' : (char)token[0];
            else f[i] = SpanParsing.ParseLong(token);
        }
        return new ProcStat(pid, comm, state, (int)f[1], (int)f[2], (int)f[3],
            f[11], f[12], f[13], f[14], (int)f[17], f[19], f[21], (int)f[36]);
    }
}
