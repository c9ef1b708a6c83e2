using Odop.Core.Hardware;

namespace Odop.Scheduling.Placement;

/// <summary>What the placer decided for one request.</summary>
public abstract record PlacementOutcome(string ExecutionId);

/// <summary>Start the execution pinned to these CPUs.</summary>
public sealed record Placed(string ExecutionId, CpuSet Cpus) : PlacementOutcome(ExecutionId);

/// <summary>Not placed this round; <see cref="Reason"/> says which filter refused and why.</summary>
public sealed record NotPlaced(string ExecutionId, string Filter, string Reason) : PlacementOutcome(ExecutionId);
