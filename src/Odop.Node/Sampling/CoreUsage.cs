namespace Odop.Node.Sampling;

/// <summary>
/// Utilisation of one logical CPU between two samples, 0..1: (user + nice + system + irq + softirq
/// + steal) over all ticks; iowait counts as idle.
/// </summary>
public readonly record struct CoreUsage(int Id, double Usage);
