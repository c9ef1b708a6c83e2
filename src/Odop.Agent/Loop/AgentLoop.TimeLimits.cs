using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    /// <summary>
    /// Stops executions running past their profile's `time` plus the slack: SIGTERM to the group, the
    /// grace period, SIGKILL; the exit that follows is recorded as `timed_out`. Checked every sample, so
    /// a limit is enforced within one sampling period (plus the grace).
    /// </summary>
    private void EnforceTimeLimits()
    {
        foreach (var execution in _book.Live)
        {
            if (execution.TimedOut || execution.StopRequested || execution.Record.StartedAt is not { } started) continue;
            var limit = execution.Profile.Requirement.Time.Value + _options.TimeLimitSlack;
            var ran = Now - started;
            if (ran <= limit) continue;
            execution.TimedOut = true;
            var reason = $"time limit {Format(limit)} exceeded ({execution.Profile.Requirement.Time} from the profile + {Format(_options.TimeLimitSlack)} slack)";
            execution.PendingStopReason.Set(reason);
            SendStop(execution, reason);
        }
    }

    private static string Format(TimeSpan span) => Odop.Core.Quantities.DurationQuantity.FromSeconds(span.TotalSeconds).ToString();
}
