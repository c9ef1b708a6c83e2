using Odop.Core;
using Odop.Core.Workflow;
using Odop.Protocol;
using Odop.Protocol.V1;
using RetryPolicy = Odop.Core.Workflow.RetryPolicy;
using GroupSpec = Odop.Core.Workflow.GroupSpec;

namespace Odop.Agent.Services;

/// <summary>A queue element's workflow fields to <see cref="ExecutionWorkflow"/>, refusing malformed ones with INVALID_ARGUMENT naming the field.</summary>
internal static class WorkflowMapping
{
    public static ExecutionWorkflow FromProto(QueueElement element, string field)
    {
        if (element.After.Count == 0 && element.AfterMode.Length == 0 && element.Retries is null && element.Group is null)
            return ExecutionWorkflow.None;
        try
        {
            var after = new List<ExecutionId>();
            for (var i = 0; i < element.After.Count; i++)
            {
                if (!ExecutionId.TryParse(element.After[i], out var id))
                    throw new OdopValidationException(null, $"after[{i}]", $"'{element.After[i]}' is not a UUID");
                if (!after.Contains(id)) after.Add(id);
            }
            var mode = WorkflowModeNames.ParseDependencyMode(element.AfterMode.Length == 0 ? "afterok" : element.AfterMode, "after_mode");
            return new ExecutionWorkflow(after, mode, element.Retries is { } r ? Retries(r) : null, element.Group is { } g ? Group(g) : null);
        }
        catch (OdopValidationException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"{field}.{e.Field}: {e.Problem}");
        }
    }

    private static RetryPolicy Retries(Odop.Protocol.V1.RetryOptions r)
    {
        if (r.Max < 0) throw new OdopValidationException(null, "retries.max", $"must be 0 or more, not {r.Max}");
        var backoff = Seconds(r.BackoffSeconds, "retries.backoff_seconds") ?? RetryPolicy.DefaultBackoff;
        var factor = r.Factor == 0 ? RetryPolicy.DefaultFactor : r.Factor;
        if (factor < 1 || !double.IsFinite(factor)) throw new OdopValidationException(null, "retries.factor", $"must be at least 1, not {r.Factor}");
        var max = Seconds(r.MaxBackoffSeconds, "retries.max_backoff_seconds") ?? RetryPolicy.DefaultMaxBackoff;
        if (max < backoff) throw new OdopValidationException(null, "retries.max_backoff_seconds", $"{max.TotalSeconds} is shorter than the backoff {backoff.TotalSeconds}");
        return new RetryPolicy(r.Max, backoff, factor, max);
    }

    private static TimeSpan? Seconds(double value, string field) => value switch
    {
        0 => null,
        < 0 or > 365 * 86400 or double.NaN => throw new OdopValidationException(null, field, $"must be between 0 and a year in seconds, not {value}"),
        _ => TimeSpan.FromSeconds(value),
    };

    private static GroupSpec Group(Odop.Protocol.V1.GroupOptions g)
    {
        if (string.IsNullOrWhiteSpace(g.Name)) throw new OdopValidationException(null, "group.name", "is required");
        if (g.Parallelism < 0) throw new OdopValidationException(null, "group.parallelism", $"must be 0 (the node's default) or more, not {g.Parallelism}");
        var strategy = WorkflowModeNames.ParseStrategy(g.Strategy.Length == 0 ? "parallel" : g.Strategy, "group.strategy");
        var failure = WorkflowModeNames.ParseFailureMode(g.FailureMode.Length == 0 ? "failfast" : g.FailureMode, "group.failure_mode");
        for (var i = 0; i < g.After.Count; i++)
            if (string.IsNullOrWhiteSpace(g.After[i])) throw new OdopValidationException(null, $"group.after[{i}]", "must be a group name");
        return new GroupSpec(g.Name, strategy, failure, g.Parallelism, [.. g.After.Distinct(StringComparer.Ordinal)]);
    }
}
