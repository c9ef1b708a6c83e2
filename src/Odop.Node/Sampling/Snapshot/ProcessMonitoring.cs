namespace Odop.Node.Sampling;

/// <summary>The "process_monitoring" part of a snapshot.</summary>
public sealed record ProcessMonitoring(IReadOnlyList<ProcessEntry> Processes);
