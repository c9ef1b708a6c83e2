namespace Odop.Engine.Supervision;

/// <summary>No execution with this id is known (never started here, or forgotten after the retention time).</summary>
public sealed class ExecutionNotFoundException(string executionId)
    : KeyNotFoundException($"no execution '{executionId}' is known to this engine")
{
    public string ExecutionId { get; } = executionId;
}

/// <summary>The command does not fit the execution's state (a second Start of a live id, Pause after exit).</summary>
public sealed class ExecutionConflictException(string executionId, string message) : InvalidOperationException(message)
{
    public string ExecutionId { get; } = executionId;
}
