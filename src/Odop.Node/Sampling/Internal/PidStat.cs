namespace Odop.Node.Sampling.Internal;

/// <summary>The fields of /proc/&lt;pid&gt;/stat the process sampler uses.</summary>
/// <param name="CpuTicks">utime + stime over all threads, in USER_HZ ticks.</param>
/// <param name="StartTicks">Start time after boot in ticks; a change means the pid was recycled.</param>
/// <param name="Processor">Field 39: the CPU the process last ran on.</param>
internal readonly record struct PidStat(
    char State, int ParentPid, ulong CpuTicks, int Threads, ulong StartTicks, long RssPages, int Processor);
