using System.Runtime.InteropServices;

namespace Odop.Benchmarks.Startup;

/// <summary>CPU time of this process's waited-for children, every thread of each (getrusage RUSAGE_CHILDREN).</summary>
internal static partial class ChildrenUsage
{
    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rusage
    {
        public long UserSeconds, UserMicros, SystemSeconds, SystemMicros;
        // The other 14 fields (maxrss, faults, switches...) are not read here.
        public long F0, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12, F13;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out Rusage usage);

    public static double CpuSeconds()
    {
        if (getrusage(RusageChildren, out var u) != 0) throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        return u.UserSeconds + u.SystemSeconds + (u.UserMicros + u.SystemMicros) / 1e6;
    }
}
