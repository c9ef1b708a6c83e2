using System.Text.Json.Nodes;
using Odop.Core.Profiles;

namespace Odop.Archiving.Tests.Support;

internal static class Records
{
    public static ResultRecord Finished(string? executionId = null, DateTimeOffset? endedAt = null) => new()
    {
        ExecutionId = executionId ?? Guid.NewGuid().ToString(),
        TaskId = "reduce",
        TaskName = "reduce",
        Profile = new ArchivedProfile("reduce", "8d6f7d0e-4f3c-4b8e-9a55-2b1c3d4e5f60",
            new JsonObject { ["time"] = "10min", ["cpus"] = new JsonObject { ["min"] = "500mcpu", ["max"] = "1000mcpu" } }),
        State = "succeeded",
        Reason = "exit code 0",
        ExitCode = 0,
        Usage = new MeasuredUsage(1.25, 40_000_000, 2, 1.5),
        EnqueuedAt = new DateTimeOffset(2026, 11, 21, 8, 59, 0, TimeSpan.Zero),
        StartedAt = new DateTimeOffset(2026, 11, 21, 8, 59, 1, TimeSpan.Zero),
        EndedAt = endedAt ?? new DateTimeOffset(2026, 11, 21, 8, 59, 3, TimeSpan.Zero),
        Attempts = 1,
        Node = "n01",
        Placement = "3",
        StdoutPath = "/tmp/logs/x.out",
        StderrPath = "/tmp/logs/x.err",
        Results = [new ArchivedResult("output", "/scratch/out/step_0400")],
    };

    public static ConfiguredArchiver Configured(IResultArchiver archiver, RetryPolicy? retries = null, TimeSpan? ttl = null, string type = "test") =>
        new(new ArchiverSettings
        {
            Name = archiver.Name,
            Type = type,
            Retries = retries ?? new RetryPolicy { Backoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMinutes(1) },
            Ttl = ttl ?? TimeSpan.FromDays(1),
            Timeout = TimeSpan.FromSeconds(10),
        }, archiver);

    /// <summary>Builds a built-in archiver through the registry, as a configuration entry would.</summary>
    public static IResultArchiver BuiltIn(string json) =>
        ArchiveConfig.Parse($$"""{"archivers": [{{json}}]}""", null, ArchiverRegistry.CreateDefault()).Archivers[0].Archiver;
}
