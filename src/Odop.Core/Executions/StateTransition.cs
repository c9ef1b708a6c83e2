namespace Odop.Core.Executions;

/// <summary>
/// One recorded move of an execution, with when and why. From equal to To is a note: something that
/// happened without a change of state (a new priority, an on_timeout command's outcome).
/// </summary>
public readonly record struct StateTransition(ExecutionState From, ExecutionState To, DateTimeOffset At, string Reason)
{
    public bool IsNote => From == To;
}
