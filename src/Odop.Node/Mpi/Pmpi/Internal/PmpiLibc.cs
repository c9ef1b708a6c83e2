using System.Runtime.InteropServices;

namespace Odop.Node.Mpi.Internal;

/// <summary>The two libc calls the PMPI reader needs: the segment's clock and the owner's uid.</summary>
internal static unsafe partial class PmpiLibc
{
    private const int ClockMonotonic = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clockId, Timespec* time);

    [LibraryImport("libc")]
    private static partial uint getuid();

    /// <summary>CLOCK_MONOTONIC in nanoseconds: what libodop_pmpi.so stamps its segment with.</summary>
    public static long NowNanoseconds()
    {
        Timespec t;
        return clock_gettime(ClockMonotonic, &t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : 0;
    }

    public static int Uid() => (int)getuid();
}
