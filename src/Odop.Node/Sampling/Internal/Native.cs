using System.Runtime.InteropServices;

namespace Odop.Node.Sampling.Internal;

/// <summary>The few libc calls the samplers need where /proc text would be slower to get.</summary>
internal static unsafe partial class Native
{
    private const int ScClkTck = 2; // _SC_CLK_TCK on Linux

    /// <summary>USER_HZ: the unit of /proc/stat and /proc/&lt;pid&gt;/stat times (100 almost everywhere).</summary>
    public static readonly double TicksPerSecond = ReadTicksPerSecond();

    private static double ReadTicksPerSecond()
    {
        try
        {
            var hz = sysconf(ScClkTck);
            return hz > 0 ? hz : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    /// <summary>
    /// Reads the affinity mask of <paramref name="pid"/> into <paramref name="mask"/> (one bit per
    /// CPU); one syscall instead of opening and parsing /proc/&lt;pid&gt;/status.
    /// </summary>
    public static bool TryGetAffinity(int pid, Span<ulong> mask)
    {
        fixed (ulong* p = mask)
            return sched_getaffinity(pid, (nuint)(mask.Length * sizeof(ulong)), p) == 0;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long sysconf(int name);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getaffinity(int pid, nuint size, ulong* mask);
}
