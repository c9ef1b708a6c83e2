namespace Odop.Node.Sampling;

/// <summary>One GPU as nvidia-smi reports it; a field nvidia-smi prints as "[N/A]" is null.</summary>
/// <param name="Utilization">Fraction of time a kernel ran, 0..1.</param>
public readonly record struct GpuUsage(int Index, double? Utilization, long? MemoryUsedBytes, long? MemoryTotalBytes);
