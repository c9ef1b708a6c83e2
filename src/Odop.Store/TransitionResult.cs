using Odop.Core;
using Odop.Core.Executions;

namespace Odop.Store;

/// <summary>How a compare-and-swap transition ended. Only <see cref="Applied"/> changed anything.</summary>
public enum TransitionOutcome
{
    /// <summary>The stored state was the expected one; the move, its history row and the field changes are committed.</summary>
    Applied,

    /// <summary>No execution has this id (never enqueued, or purged).</summary>
    NotFound,

    /// <summary>The compare-and-swap missed: someone moved it first. <see cref="TransitionResult.ActualState"/> says where it is.</summary>
    StateMismatch,

    /// <summary>The state table does not allow expected-from → to at all (e.g. succeeded → running).</summary>
    Illegal,
}

/// <param name="ActualState">The stored state after the call: the new state when applied, the untouched one otherwise; null when not found.</param>
/// <param name="Recorded">The history row written, when applied.</param>
public readonly record struct TransitionResult(
    ExecutionId Id, TransitionOutcome Outcome, ExecutionState? ActualState, StateTransition? Recorded)
{
    public bool Applied => Outcome == TransitionOutcome.Applied;
}
