using Odop.Archiving;
using Odop.Core.Executions;
using Odop.Core.Profiles;
using Odop.Store;

namespace Odop.Agent;

/// <summary>A finished execution as the archivers receive it.</summary>
internal static class ResultRecords
{
    /// <summary>Result location kinds that are the execution's own logs (outputs.stdout/stderr), not extra results.</summary>
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";

    public static ResultRecord From(ExecutionRecord record, TaskProfile? profile, DateTimeOffset now, string? stdout = null, string? stderr = null) => new()
    {
        ExecutionId = record.Id.Value,
        TaskId = record.TaskId,
        TaskName = record.TaskName ?? profile?.Name,
        Profile = new ArchivedProfile(profile?.Name ?? record.TaskName ?? record.TaskId, profile?.TaskId ?? record.TaskId,
            profile?.ToJson()["execution_requirement"] as System.Text.Json.Nodes.JsonObject ?? []),
        State = record.State.ToName(),
        Reason = record.Reason,
        ExitCode = record.ExitCode,
        Usage = record.Usage,
        EnqueuedAt = record.EnqueuedAt,
        StartedAt = record.StartedAt,
        EndedAt = record.EndedAt ?? now,
        Attempts = record.Attempts,
        Node = record.Node,
        Placement = record.Placement.ToString(),
        StdoutPath = stdout,
        StderrPath = stderr,
    };

    /// <summary>Adds the locations the store holds: logs fill outputs.stdout/stderr when unknown, the rest are results.</summary>
    public static ResultRecord WithLocations(ResultRecord record, IReadOnlyList<ResultLocation> locations) => record with
    {
        StdoutPath = record.StdoutPath ?? locations.FirstOrDefault(l => l.Kind == Stdout)?.Location,
        StderrPath = record.StderrPath ?? locations.FirstOrDefault(l => l.Kind == Stderr)?.Location,
        Results = locations.Where(l => l.Kind is not (Stdout or Stderr)).Select(l => new ArchivedResult(l.Kind, l.Location)).ToList(),
    };
}
