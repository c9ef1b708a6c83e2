namespace Odop.Node.Sampling;

/// <summary>The "system_monitoring" part of a snapshot.</summary>
public sealed record SystemMonitoring(
    CpuMonitoring Cpu, MemoryUsage Memory, GpuMonitoring Gpu, NetworkMonitoring Network, LoadAverage Load);

/// <summary>"cpu": overall usage and one entry per core.</summary>
public sealed record CpuMonitoring(double Usage, IReadOnlyList<CoreMonitoring> Cores);

/// <summary>"gpu": one entry per device; empty without nvidia-smi.</summary>
public sealed record GpuMonitoring(IReadOnlyList<GpuUsage> Devices);

/// <summary>"network": one entry per interface.</summary>
public sealed record NetworkMonitoring(IReadOnlyList<NetworkInterfaceUsage> Interfaces);
