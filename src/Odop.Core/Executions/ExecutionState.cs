namespace Odop.Core.Executions;

/// <summary>Where an execution is in its life (DESIGN section 4). Wire names are snake_case: see <see cref="ExecutionStateNames"/>.</summary>
public enum ExecutionState
{
    Queued,
    Starting,
    Running,
    Paused,
    Succeeded,
    Failed,
    TimedOut,
    Stopped,
    Skipped,
    Lost,
}
