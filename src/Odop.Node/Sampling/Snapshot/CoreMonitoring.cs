namespace Odop.Node.Sampling;

/// <summary>
/// One core of a snapshot: its usage (0..1) split into the part attributed to simulation processes,
/// to side tasks, and the rest (other = usage − simulation − side_task, never negative).
/// </summary>
public sealed record CoreMonitoring(int Id, double Usage, double Simulation, double SideTask, double Other);
