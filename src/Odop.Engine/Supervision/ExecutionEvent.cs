namespace Odop.Engine.Supervision;

public enum ExecutionEventKind
{
    Started,
    StartFailed,
    Paused,
    Resumed,
    AffinityChanged,
    Exited,
    /// <summary>A snapshot sent to a new subscriber that asked for the current executions.</summary>
    Current,
}

/// <summary>Something happened to an execution; <see cref="Execution"/> is its state right after.</summary>
public sealed record ExecutionEvent(ExecutionEventKind Kind, ExecutionSnapshot Execution, DateTimeOffset At);
