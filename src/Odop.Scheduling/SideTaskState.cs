using Odop.Core.Hardware;

namespace Odop.Scheduling;

/// <summary>A side task as the scheduler holds it: where it runs, or since when it is paused.</summary>
public sealed record SideTaskState(string ExecutionId, CpuSet Cpus, bool Paused, TimeSpan? PausedSince, TimeSpan? LastMovedAt);
