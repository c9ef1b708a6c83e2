namespace Odop.Core.Executions;

/// <summary>One recorded move of an execution, with when and why.</summary>
public readonly record struct StateTransition(ExecutionState From, ExecutionState To, DateTimeOffset At, string Reason);
