using System.Diagnostics.CodeAnalysis;

namespace Odop.Core.Executions;

/// <summary>The snake_case names states have in JSON, the CLI and the store ("timed_out").</summary>
public static class ExecutionStateNames
{
    private static readonly Dictionary<ExecutionState, string> Names = new()
    {
        [ExecutionState.Queued] = "queued",
        [ExecutionState.Starting] = "starting",
        [ExecutionState.Running] = "running",
        [ExecutionState.Paused] = "paused",
        [ExecutionState.Succeeded] = "succeeded",
        [ExecutionState.Failed] = "failed",
        [ExecutionState.TimedOut] = "timed_out",
        [ExecutionState.Stopped] = "stopped",
        [ExecutionState.Skipped] = "skipped",
        [ExecutionState.Lost] = "lost",
    };

    public static string ToName(this ExecutionState state) => Names[state];

    public static bool TryParse([NotNullWhen(true)] string? name, out ExecutionState state)
    {
        foreach (var (s, n) in Names)
        {
            if (n != name) continue;
            state = s;
            return true;
        }
        state = default;
        return false;
    }

    public static ExecutionState Parse(string? name, string field = "state") =>
        TryParse(name, out var state)
            ? state
            : throw new OdopValidationException(null, field, $"'{name}' is not one of {string.Join(", ", Names.Values)}");
}
