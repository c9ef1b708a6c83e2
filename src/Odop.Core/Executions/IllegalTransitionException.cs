namespace Odop.Core.Executions;

/// <summary>
/// A transition was refused: either the table does not allow it, or the execution is no longer
/// in the state the caller expected (someone else moved it first).
/// </summary>
public sealed class IllegalTransitionException : InvalidOperationException
{
    public IllegalTransitionException(ExecutionId executionId, ExecutionState from, ExecutionState to, ExecutionState? expectedFrom = null)
        : base(Describe(executionId, from, to, expectedFrom))
    {
        ExecutionId = executionId;
        From = from;
        To = to;
        ExpectedFrom = expectedFrom;
    }

    public ExecutionId ExecutionId { get; }

    /// <summary>The state the execution was actually in.</summary>
    public ExecutionState From { get; }
    public ExecutionState To { get; }

    /// <summary>Set when the refusal is a compare-and-swap miss: the state the caller believed it was in.</summary>
    public ExecutionState? ExpectedFrom { get; }

    private static string Describe(ExecutionId id, ExecutionState from, ExecutionState to, ExecutionState? expected) =>
        expected is { } e && e != from
            ? $"execution {id}: expected it {e.ToName()} but it is {from.ToName()}; not moving it to {to.ToName()}"
            : $"execution {id}: cannot go from {from.ToName()} to {to.ToName()}";
}
