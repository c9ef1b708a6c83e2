using System.Globalization;
using System.Text.Json.Nodes;
using Odop.Core.Profiles;

namespace Odop.Archiving;

/// <summary>
/// What is kept of one finished execution: who ran, what it asked for, what it used, how it ended and where it
/// left its outputs. <see cref="ToJson"/> is the form every built-in archiver writes (one object per record).
/// </summary>
public sealed record ResultRecord
{
    public required string ExecutionId { get; init; }
    public required string TaskId { get; init; }
    public string? TaskName { get; init; }

    /// <summary>The profile as it was enqueued: name, task_id and its execution_requirement.</summary>
    public required ArchivedProfile Profile { get; init; }

    /// <summary>The terminal state's snake_case name (succeeded, failed, timed_out, stopped, skipped).</summary>
    public required string State { get; init; }
    public string? Reason { get; init; }
    public int? ExitCode { get; init; }
    public MeasuredUsage? Usage { get; init; }

    public required DateTimeOffset EnqueuedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public required DateTimeOffset EndedAt { get; init; }
    public int Attempts { get; init; }

    public string? Node { get; init; }

    /// <summary>The CPUs it last ran on, Linux list format ("2-3"); empty when it never ran.</summary>
    public string Placement { get; init; } = "";

    public string? StdoutPath { get; init; }
    public string? StderrPath { get; init; }

    /// <summary>Result locations recorded for the execution (kind, location), e.g. an output folder.</summary>
    public IReadOnlyList<ArchivedResult> Results { get; init; } = [];

    public JsonObject ToJson()
    {
        var results = new JsonArray();
        foreach (var r in Results) results.Add(new JsonObject { ["kind"] = r.Kind, ["location"] = r.Location });
        return new JsonObject
        {
            ["execution_id"] = ExecutionId,
            ["task_id"] = TaskId,
            ["task_name"] = TaskName,
            ["profile"] = new JsonObject
            {
                ["name"] = Profile.Name,
                ["task_id"] = Profile.TaskId,
                ["execution_requirement"] = Profile.Requirement.DeepClone(),
            },
            ["state"] = State,
            ["reason"] = Reason,
            ["exit_code"] = ExitCode,
            ["usage"] = Usage is null ? null : new JsonObject
            {
                ["cpu_seconds"] = Usage.CpuSeconds,
                ["peak_rss_bytes"] = Usage.PeakRssBytes,
                ["peak_threads"] = Usage.PeakThreads,
                ["wall_seconds"] = Usage.WallSeconds,
            },
            ["enqueued_at"] = Time(EnqueuedAt),
            ["started_at"] = StartedAt is { } s ? Time(s) : null,
            ["ended_at"] = Time(EndedAt),
            ["attempts"] = Attempts,
            ["node"] = Node,
            ["placement"] = Placement,
            ["outputs"] = new JsonObject { ["stdout"] = StdoutPath, ["stderr"] = StderrPath, ["results"] = results },
        };
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote (the backlog keeps records this way).</summary>
    public static ResultRecord FromJson(JsonObject o)
    {
        var profile = (JsonObject)o["profile"]!;
        var usage = o["usage"] as JsonObject;
        var outputs = (JsonObject)o["outputs"]!;
        return new ResultRecord
        {
            ExecutionId = (string)o["execution_id"]!,
            TaskId = (string)o["task_id"]!,
            TaskName = (string?)o["task_name"],
            Profile = new ArchivedProfile((string)profile["name"]!, (string)profile["task_id"]!,
                (JsonObject?)profile["execution_requirement"]?.DeepClone() ?? []),
            State = (string)o["state"]!,
            Reason = (string?)o["reason"],
            ExitCode = (int?)o["exit_code"],
            Usage = usage is null ? null : new MeasuredUsage((double)usage["cpu_seconds"]!, (long)usage["peak_rss_bytes"]!,
                (int)usage["peak_threads"]!, (double)usage["wall_seconds"]!),
            EnqueuedAt = ParseTime((string)o["enqueued_at"]!),
            StartedAt = o["started_at"] is { } started ? ParseTime((string)started!) : null,
            EndedAt = ParseTime((string)o["ended_at"]!),
            Attempts = (int?)o["attempts"] ?? 0,
            Node = (string?)o["node"],
            Placement = (string?)o["placement"] ?? "",
            StdoutPath = (string?)outputs["stdout"],
            StderrPath = (string?)outputs["stderr"],
            Results = outputs["results"] is JsonArray list
                ? list.Select(r => new ArchivedResult((string)r!["kind"]!, (string)r["location"]!)).ToList()
                : [],
        };
    }

    // ISO 8601 in UTC with 7 fractional digits: sorts as text and round-trips to the tick.
    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>The profile an execution ran with: its name, task_id and execution_requirement (as JSON).</summary>
public sealed record ArchivedProfile(string Name, string TaskId, JsonObject Requirement);

/// <summary>One place an execution left a result: <paramref name="Kind"/> is free text ("output", "stdout").</summary>
public sealed record ArchivedResult(string Kind, string Location);
