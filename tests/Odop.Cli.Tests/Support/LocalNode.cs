using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Odop.Agent;
using Odop.Core.Hardware;
using Odop.Engine.Hosting;

namespace Odop.Cli.Tests.Support;

/// <summary>An engine and an agent in this process on temporary sockets, for CLI verbs to talk to.</summary>
internal sealed class LocalNode : IAsyncDisposable
{
    public required string Root { get; init; }
    public required EngineHost Engine { get; init; }
    public required AgentHost Agent { get; init; }
    public string Endpoint => "unix:" + Agent.SocketPath;

    public static async Task<LocalNode> StartAsync(CpuSet? excluded = null, string? storePath = null,
        TimeSpan? historyRetention = null, TimeSpan? historyPurgePeriod = null, string? archiversJson = null)
    {
        var root = Directory.CreateTempSubdirectory("odop-cli-").FullName;
        var profiles = Directory.CreateDirectory(Path.Combine(root, "profiles")).FullName;
        File.WriteAllText(Path.Combine(root, "sleeper.py"), "import time\ndef sleep(input_folder, seconds=120, **kw):\n    time.sleep(seconds)\n");
        File.WriteAllText(Path.Combine(profiles, "sleep.json"), new JsonObject
        {
            ["task_id"] = Guid.NewGuid().ToString(),
            ["metadata"] = new JsonObject { ["name"] = "sleep" },
            ["execution_method"] = new JsonObject { ["input_folder"] = "..", ["module"] = "../sleeper.py", ["function"] = "sleep" },
            ["execution_requirement"] = new JsonObject { ["time"] = "5min", ["cpus"] = new JsonObject { ["max"] = "1", ["min"] = "500mcpu" } },
        }.ToJsonString());
        // Writes to both streams, with a pause between two stdout lines so `logs --follow` sees the file grow.
        File.WriteAllText(Path.Combine(profiles, "talk.json"), new JsonObject
        {
            ["task_id"] = Guid.NewGuid().ToString(),
            ["metadata"] = new JsonObject { ["name"] = "talk" },
            ["execution_method"] = new JsonObject { ["command"] = new JsonArray("sh", "-c", "echo hello; sleep 1; echo world; echo oops >&2") },
            ["execution_requirement"] = new JsonObject { ["time"] = "1min", ["cpus"] = new JsonObject { ["max"] = "1", ["min"] = "500mcpu" } },
        }.ToJsonString());
        var engine = await EngineHost.StartAsync(new EngineHostOptions
        {
            SocketPath = Path.Combine(root, "engine.sock"),
            LogDirectory = Path.Combine(root, "logs"),
            DefaultStopGrace = TimeSpan.FromSeconds(2),
        }, NullLoggerFactory.Instance);
        var agent = await AgentHost.StartAsync(new AgentOptions
        {
            SocketPath = Path.Combine(root, "agent.sock"),
            EngineEndpoint = "unix:" + engine.SocketPath,
            ProfilesDirectory = profiles,
            ExcludedCpus = excluded ?? CpuSet.Empty,
            StopGrace = TimeSpan.FromSeconds(2),
            // Fixed cores: these tests are about the verbs, and each `dotnet odop.dll` they launch keeps the box busy.
            Policy = Odop.Scheduling.PolicyKind.Static,
            StorePath = storePath,
            HistoryRetention = historyRetention ?? TimeSpan.FromDays(7),
            HistoryPurgePeriod = historyPurgePeriod,
            Archivers = archiversJson is null ? null
                : Odop.Archiving.ArchiveConfig.Parse(archiversJson, Path.Combine(root, "archivers.json"), Odop.Archiving.ArchiverRegistry.CreateDefault()),
        }, NullLoggerFactory.Instance);
        return new LocalNode { Root = root, Engine = engine, Agent = agent };
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Engine.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
