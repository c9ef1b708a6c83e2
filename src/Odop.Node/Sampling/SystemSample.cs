namespace Odop.Node.Sampling;

/// <summary>One immutable reading of the whole node.</summary>
/// <param name="Timestamp">When the sample was taken, from the sampler's <see cref="TimeProvider"/>.</param>
/// <param name="CpuUsage">Utilisation of all CPUs together, 0..1.</param>
/// <param name="Cores">Utilisation per online logical CPU since the previous sample, ascending ids.</param>
/// <param name="Gpus">Latest nvidia-smi reading; empty where there is no nvidia-smi or no GPU.</param>
public sealed record SystemSample(
    DateTimeOffset Timestamp,
    double CpuUsage,
    IReadOnlyList<CoreUsage> Cores,
    MemoryUsage Memory,
    LoadAverage Load,
    IReadOnlyList<NetworkInterfaceUsage> Network,
    IReadOnlyList<GpuUsage> Gpus);
