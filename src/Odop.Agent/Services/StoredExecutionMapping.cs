using System.Text.Json.Nodes;
using Odop.Core.Executions;
using Odop.Protocol.V1;

namespace Odop.Agent.Services;

/// <summary>Executions read back from the store (no longer in the agent's memory) as odop.v1 messages.</summary>
internal static class StoredExecutionMapping
{
    public static Execution ToProto(this ExecutionRecord record, bool includeTransitions)
    {
        var execution = new Execution
        {
            ExecutionId = record.Id.Value,
            TaskId = record.TaskId,
            TaskName = record.TaskName ?? record.TaskId,
            State = record.State.ToProto(),
            ExecutionMetadataJson = new JsonObject { ["execution_option"] = record.ExecutionOption.DeepClone() }.ToJsonString(),
            Priority = record.Priority,
            EnqueuedAtUnixMs = record.EnqueuedAt.ToUnixTimeMilliseconds(),
            StartedAtUnixMs = record.StartedAt?.ToUnixTimeMilliseconds() ?? 0,
            EndedAtUnixMs = record.EndedAt?.ToUnixTimeMilliseconds() ?? 0,
            Pid = record.Pid ?? 0,
            Reason = record.Reason ?? "",
        };
        if (record.Placement is { IsEmpty: false } cpus)
        {
            execution.Placement = new Placement { Node = record.Node ?? "" };
            execution.Placement.Cpus.AddRange(cpus.Ids);
        }
        if (record.ExitCode is { } exitCode) execution.ExitCode = exitCode;
        if (record.Usage is { } usage)
            execution.Usage = new Usage { CpuSeconds = usage.CpuSeconds, PeakRssBytes = usage.PeakRssBytes, PeakThreads = usage.PeakThreads, WallSeconds = usage.WallSeconds };
        if (includeTransitions) execution.Transitions.AddRange(record.Transitions.Select(t => t.ToProto()));
        return execution;
    }
}
