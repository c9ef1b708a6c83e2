namespace Odop.Node.Sampling;

/// <summary>Usage summed over a set of processes (a process's descendants).</summary>
public readonly record struct ProcessTotals(int Processes, double Cpu, long RssBytes, int Threads);
