namespace Odop.Node.Sampling;

/// <summary>
/// The caller's knowledge of a pid: its role and, for simulation ranks, the MPI rank and, when the
/// rank runs with libodop_pmpi.so preloaded, the share of wall time it spent inside blocking MPI calls.
/// </summary>
public readonly record struct ProcessLabel(ProcessRole Role, int? Rank = null, double? MpiWait = null);
