using Odop.Core;
using Odop.Core.Executions;

namespace Odop.Store;

/// <summary>
/// One compare-and-swap move: take execution <paramref name="Id"/> from <paramref name="ExpectedFrom"/>
/// to <paramref name="To"/>, recording (<paramref name="At"/>, <paramref name="Reason"/>) and applying
/// <paramref name="Changes"/> in the same transaction.
/// </summary>
public sealed record TransitionRequest(
    ExecutionId Id, ExecutionState ExpectedFrom, ExecutionState To, DateTimeOffset At, string Reason, ExecutionChanges? Changes = null)
{
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Reason, nameof(Reason));
    }
}
