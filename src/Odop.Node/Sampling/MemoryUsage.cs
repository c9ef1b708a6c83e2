namespace Odop.Node.Sampling;

/// <summary>Node memory from /proc/meminfo, in bytes. Used is total minus available.</summary>
public readonly record struct MemoryUsage(
    long TotalBytes, long AvailableBytes, long UsedBytes, long SwapTotalBytes, long SwapFreeBytes);
