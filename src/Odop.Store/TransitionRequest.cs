using Odop.Core;
using Odop.Core.Executions;

namespace Odop.Store;

/// <summary>
/// One compare-and-swap move: take execution <paramref name="Id"/> from <paramref name="ExpectedFrom"/>
/// to <paramref name="To"/>, recording (<paramref name="At"/>, <paramref name="Reason"/>) and applying
/// <paramref name="Changes"/> in the same transaction. <paramref name="ExpectedFrom"/> equal to
/// <paramref name="To"/> is a note: the state must still be that one, nothing moves, and the history
/// row records what happened (a new priority, an on_timeout command's outcome); allowed in any state.
/// </summary>
public sealed record TransitionRequest(
    ExecutionId Id, ExecutionState ExpectedFrom, ExecutionState To, DateTimeOffset At, string Reason, ExecutionChanges? Changes = null)
{
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Reason, nameof(Reason));
    }

    public bool IsNote => ExpectedFrom == To;
}
