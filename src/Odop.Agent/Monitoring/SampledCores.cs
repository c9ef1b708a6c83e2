namespace Odop.Agent.Monitoring;

/// <summary>What one sample tells the scheduler: per-core load split by who used it, and memory.</summary>
internal sealed record SampledCores(IReadOnlyList<Odop.Scheduling.CoreSample> Cores, long AvailableMemoryBytes, long TotalMemoryBytes);
