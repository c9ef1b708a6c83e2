using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Odop.Agent.Tests.Support;
using Odop.Archiving;
using Odop.Archiving.Tests.Support;
using Odop.Client;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>Real agent, real engine, real tasks: finished executions' records reach the configured archivers.</summary>
public class ArchiverTests
{
    // Placement is not under test here: on a shared test machine other runs' MPI ranks and load could hold the tasks back.
    private const Odop.Scheduling.PolicyKind IgnoreLoad = Odop.Scheduling.PolicyKind.Naive;

    private static Func<string, ArchiveConfig> Archivers(string json) =>
        root => ArchiveConfig.Parse(json, Path.Combine(root, "archivers.json"), ArchiverRegistry.CreateDefault());

    [Test]
    public async Task FinishedExecutions_AreWrittenToJsonLinesAndSqlite_WithProfileUsageExitAndOutputs()
    {
        await using var node = await NodeUnderTest.StartAsync(dir =>
            {
                TestProfiles.Write(dir, "work", "work");
                TestProfiles.Write(dir, "fail", "fail");
            },
            archivers: Archivers("""{"archivers": [{"type": "jsonl", "path": "results.jsonl"}, {"name": "db", "type": "sqlite", "path": "results.db"}]}"""),
            policy: IgnoreLoad);
        var ok = (await node.Client.EnqueueAsync("work", new JsonObject { ["seconds"] = 0.3 })).ExecutionId;
        var bad = (await node.Client.EnqueueAsync("fail", new JsonObject { ["code"] = 3 })).ExecutionId;
        await node.WaitForStateAsync(ok, ExecutionState.Succeeded);
        await node.WaitForStateAsync(bad, ExecutionState.Failed);

        var statuses = await WaitForArchiveAsync(node, s => s.Archivers.All(a => a.Delivered == 2 && a.Pending == 0), "both records delivered to both archivers");
        Assert.That(statuses.Archivers.Select(a => (a.Name, a.Type)), Is.EqualTo(new[] { ("jsonl", "jsonl"), ("db", "sqlite") }));

        var lines = File.ReadAllLines(Path.Combine(node.Root, "results.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.That(lines.Select(l => (string)l["execution_id"]!), Is.EquivalentTo(new[] { ok, bad }));
        var success = lines.Single(l => (string)l["execution_id"]! == ok);
        Assert.That((string?)success["state"], Is.EqualTo("succeeded"));
        Assert.That((int?)success["exit_code"], Is.EqualTo(0));
        Assert.That((string?)success["profile"]!["name"], Is.EqualTo("work"));
        Assert.That((string?)success["profile"]!["execution_requirement"]!["cpus"]!["min"], Is.EqualTo("500mcpu"));
        Assert.That((double)success["usage"]!["cpu_seconds"]!, Is.GreaterThan(0), "measured by the engine (how much depends on the machine's load)");
        Assert.That((double)success["usage"]!["wall_seconds"]!, Is.GreaterThan(0.2));
        Assert.That((string?)success["node"], Is.EqualTo(node.AgentOptions.NodeName));
        Assert.That(success.ContainsKey("placement"), Is.True);
        Assert.That(File.Exists((string?)success["outputs"]!["stdout"]), Is.True, "the stdout path points at the execution's log");
        Assert.That(DateTimeOffset.Parse((string)success["ended_at"]!), Is.GreaterThanOrEqualTo(DateTimeOffset.Parse((string)success["started_at"]!)));
        var failure = lines.Single(l => (string)l["execution_id"]! == bad);
        Assert.That(((string?)failure["state"], (int?)failure["exit_code"], (string?)failure["reason"]), Is.EqualTo(("failed", 3, "exit code 3")));

        SQLitePCL.Batteries_V2.Init();
        using var db = new SqliteConnection($"Data Source={Path.Combine(node.Root, "results.db")};Pooling=False");
        db.Open();
        using var query = db.CreateCommand();
        query.CommandText = "SELECT execution_id, state, exit_code, task_name, record_json FROM results ORDER BY state";
        using var reader = query.ExecuteReader();
        var rows = new List<(string Id, string State, long Exit, string Task, string Json)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4)));
        Assert.That(rows.Select(r => (r.Id, r.State, r.Exit, r.Task)), Is.EqualTo(new[] { (bad, "failed", 3L, "fail"), (ok, "succeeded", 0L, "work") }));
        Assert.That(JsonNode.Parse(rows[1].Json)!["usage"]!["peak_rss_bytes"]!.GetValue<long>(), Is.GreaterThan(1_000_000));
    }

    [Test]
    public async Task ARecordForADownEndpoint_WaitsInTheBacklogAcrossAnAgentRestart_AndArrivesOnceTheEndpointIsBack()
    {
        using var endpoint = new LoopbackEndpoint(); // down until started below
        var config = $$$"""{"archivers": [{"name": "web", "type": "http", "url": "{{{endpoint.Url}}}", "retries": {"backoff": "50ms", "max_backoff": "200ms"}}]}""";
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "work", "work"), archivers: Archivers(config), durable: true, policy: IgnoreLoad);
        var id = (await node.Client.EnqueueAsync("work", new JsonObject { ["seconds"] = 0.1 })).ExecutionId;
        await node.WaitForStateAsync(id, ExecutionState.Succeeded);
        await WaitForArchiveAsync(node, s => s.Archivers[0] is { Pending: 1, FailedAttempts: >= 2 }, "the record waiting after failed attempts");

        await node.RestartAgentAsync(Archivers(config)(node.Root));
        var restored = (await WaitForArchiveAsync(node, _ => true, "an answer")).Archivers[0];
        Assert.That((restored.Pending, restored.Delivered), Is.EqualTo((1, 0L)), "the backlog next to the store kept the record");
        using (var channel = AgentEndpoint.Open("unix:" + node.Agent.SocketPath))
        {
            var info = await channel.UnaryAsync(AgentMethods.Info, new InfoRequest());
            Assert.That(info.Archive.Archivers.Single() is { Name: "web", Pending: 1 }, $"odop info shows the backlog: {info.Archive}");
        }
        endpoint.Start();

        await WaitForArchiveAsync(node, s => s.Archivers[0] is { Pending: 0, Delivered: 1 }, "delivered once the endpoint is back");
        Assert.That(endpoint.Received.Select(r => (string)r["execution_id"]!).Distinct(), Is.EqualTo(new[] { id }));
        Assert.That((string?)endpoint.Received.First()["state"], Is.EqualTo("succeeded"));
    }

    [Test]
    public async Task AnExecutionThatEndedWhileTheBacklogDidNotHearOfIt_IsArchivedAtTheNextStart()
    {
        var config = """{"archivers": [{"type": "jsonl", "path": "results.jsonl"}]}""";
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "work", "work"), archivers: Archivers(config),
            durable: true, policy: IgnoreLoad);
        var before = (await node.Client.EnqueueAsync("work", new JsonObject { ["seconds"] = 0.1 })).ExecutionId;
        await node.WaitForStateAsync(before, ExecutionState.Succeeded);
        await WaitForArchiveAsync(node, s => s.Archivers[0].Delivered == 1, "the first record delivered");

        // As if the agent died between the end of an execution and its record reaching the backlog.
        await node.RestartAgentAsync(ArchiveConfig.Parse("""{"archivers": []}""", null, ArchiverRegistry.CreateDefault()));
        var missed = (await node.Client.EnqueueAsync("work", new JsonObject { ["seconds"] = 0.1 })).ExecutionId;
        await node.WaitForStateAsync(missed, ExecutionState.Succeeded);

        await node.RestartAgentAsync(Archivers(config)(node.Root));
        await WaitForArchiveAsync(node, s => s.Archivers[0] is { Delivered: >= 2, Pending: 0 }, "the missed record delivered");

        var ids = File.ReadAllLines(Path.Combine(node.Root, "results.jsonl")).Select(l => (string)JsonNode.Parse(l)!["execution_id"]!).ToList();
        Assert.That(ids.Distinct(), Is.EquivalentTo(new[] { before, missed }), "nothing lost; a duplicate line is allowed (at-least-once)");
    }

    [Test]
    public async Task AnAgentWithoutArchivers_AnswersWithAnEmptyList()
    {
        await using var node = await NodeUnderTest.StartAsync();
        var status = await WaitForArchiveAsync(node, _ => true, "an answer");
        Assert.That(status.Archivers, Is.Empty);
    }

    /// <summary>Asks over gRPC, as `odop archivers status` does, until the condition holds.</summary>
    private static async Task<ArchiveStatusReply> WaitForArchiveAsync(NodeUnderTest node, Func<ArchiveStatusReply, bool> condition, string what)
    {
        using var channel = AgentEndpoint.Open("unix:" + node.Agent.SocketPath);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        ArchiveStatusReply reply;
        do
        {
            reply = await channel.UnaryAsync(ArchiveMethods.Status, new ArchiveStatusRequest(), CallOptions.WithTimeout(TimeSpan.FromSeconds(10)));
            if (condition(reply)) return reply;
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"never {what}; last: {reply}");
        return reply;
    }
}
