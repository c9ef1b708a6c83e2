using System.Runtime.InteropServices;

namespace Odop.Benchmarks.Scheduling;

/// <summary>
/// CPU time of the calling thread, to the nanosecond. Unlike wall time it does not grow while the
/// thread waits for a CPU, so on a shared, loaded machine it shows what a decision itself costs.
/// </summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    public static long Nanoseconds()
    {
        if (clock_gettime(ClockThreadCpuTime, out var ts) != 0) throw new InvalidOperationException("clock_gettime failed");
        return ts.Seconds * 1_000_000_000 + ts.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out Timespec ts);
}
