namespace Odop.Node.Sampling;

/// <summary>The caller's knowledge of a pid: its role and, for simulation ranks, the MPI rank.</summary>
public readonly record struct ProcessLabel(ProcessRole Role, int? Rank = null);
