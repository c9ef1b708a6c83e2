using System.Runtime.InteropServices;

namespace Odop.Benchmarks.Sampler;

/// <summary>This process's CPU time and memory as the kernel accounts them.</summary>
internal static partial class SelfUsage
{
    private const int ClockProcessCpuTime = 2; // CLOCK_PROCESS_CPUTIME_ID

    /// <summary>
    /// CPU time of every thread of this process (runtime threads included), to the nanosecond.
    /// Process.TotalProcessorTime counts in 10 ms ticks, too coarse for a fraction of a percent.
    /// </summary>
    public static TimeSpan CpuTime()
    {
        if (clock_gettime(ClockProcessCpuTime, out var ts) != 0) throw new InvalidOperationException("clock_gettime failed");
        return TimeSpan.FromTicks(ts.Seconds * TimeSpan.TicksPerSecond + ts.Nanoseconds / 100);
    }

    /// <summary>VmRSS (now) and VmHWM (peak) from /proc/self/status, in bytes.</summary>
    public static (long Rss, long Peak) Memory()
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) * 1024;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) * 1024;
        }
        return (rss, peak);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out Timespec ts);
}
