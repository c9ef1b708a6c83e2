using Odop.Core.Executions;
using Odop.Core.Profiles;
using Odop.Protocol.V1;
using CoreState = Odop.Core.Executions.ExecutionState;
using WireState = Odop.Protocol.V1.ExecutionState;

namespace Odop.Agent;

/// <summary>Domain records to odop.v1 messages and back.</summary>
internal static class ExecutionMapping
{
    public static WireState ToProto(this CoreState state) => state switch
    {
        CoreState.Queued => WireState.Queued,
        CoreState.Starting => WireState.Starting,
        CoreState.Running => WireState.Running,
        CoreState.Paused => WireState.Paused,
        CoreState.Succeeded => WireState.Succeeded,
        CoreState.Failed => WireState.Failed,
        CoreState.TimedOut => WireState.TimedOut,
        CoreState.Stopped => WireState.Stopped,
        CoreState.Skipped => WireState.Skipped,
        CoreState.Lost => WireState.Lost,
        _ => WireState.Unspecified,
    };

    public static CoreState FromProto(this WireState state) => state switch
    {
        WireState.Queued => CoreState.Queued,
        WireState.Starting => CoreState.Starting,
        WireState.Running => CoreState.Running,
        WireState.Paused => CoreState.Paused,
        WireState.Succeeded => CoreState.Succeeded,
        WireState.Failed => CoreState.Failed,
        WireState.TimedOut => CoreState.TimedOut,
        WireState.Stopped => CoreState.Stopped,
        WireState.Skipped => CoreState.Skipped,
        WireState.Lost => CoreState.Lost,
        _ => throw new Odop.Protocol.RpcException(Odop.Protocol.StatusCode.InvalidArgument, $"states: unknown state {state}"),
    };

    public static Transition ToProto(this StateTransition transition) => new()
    {
        From = transition.From.ToProto(),
        To = transition.To.ToProto(),
        AtUnixMs = transition.At.ToUnixTimeMilliseconds(),
        Reason = transition.Reason,
    };

    public static Execution ToProto(this Loop.TrackedExecution tracked, bool includeTransitions)
    {
        var record = tracked.Record;
        var execution = new Execution
        {
            ExecutionId = record.Id.Value,
            TaskId = record.TaskId,
            TaskName = record.TaskName ?? tracked.Profile.Name,
            State = record.State.ToProto(),
            ExecutionMetadataJson = tracked.Metadata.ToJsonString(),
            Priority = record.Priority,
            EnqueuedAtUnixMs = record.EnqueuedAt.ToUnixTimeMilliseconds(),
            StartedAtUnixMs = record.StartedAt?.ToUnixTimeMilliseconds() ?? 0,
            EndedAtUnixMs = record.EndedAt?.ToUnixTimeMilliseconds() ?? 0,
            Pid = record.Pid ?? 0,
            Reason = (record.State == CoreState.Queued ? tracked.PlacementNote : null) ?? record.Reason ?? "",
            StdoutPath = tracked.StdoutPath ?? "",
            StderrPath = tracked.StderrPath ?? "",
            ExecutionClass = record.Class.ToName(),
        };
        if (record.Placement is { IsEmpty: false } cpus)
        {
            execution.Placement = new Placement { Node = record.Node ?? "" };
            execution.Placement.Cpus.AddRange(cpus.Ids);
        }
        if (record.ExitCode is { } exitCode) execution.ExitCode = exitCode;
        if (record.Usage is { } usage)
            execution.Usage = new Usage { CpuSeconds = usage.CpuSeconds, PeakRssBytes = usage.PeakRssBytes, PeakThreads = usage.PeakThreads, WallSeconds = usage.WallSeconds };
        var workflow = record.Workflow;
        execution.After.AddRange(workflow.After.Select(a => a.Value));
        if (workflow.After.Count > 0) execution.AfterMode = Odop.Core.Workflow.WorkflowModeNames.ToName(workflow.Mode);
        execution.Group = workflow.Group?.Name ?? "";
        execution.Retries = record.Retries;
        execution.MaxRetries = (workflow.Retries ?? tracked.Profile.Retries)?.Max ?? 0;
        execution.NotBeforeUnixMs = record.NotBefore?.ToUnixTimeMilliseconds() ?? 0;
        if (includeTransitions) execution.Transitions.AddRange(record.Transitions.Select(t => t.ToProto()));
        return execution;
    }
}
