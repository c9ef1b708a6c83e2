using System.Diagnostics;
using System.Text.Json.Nodes;
using Odop.Cli.Tests.Support;

namespace Odop.Cli.Tests;

/// <summary>`odop info`, `tasks list` filters, `tasks history`, `tasks logs` and history retention against a live agent and engine.</summary>
public class VisibilityVerbTests
{
    private static async Task<JsonNode> Json(LocalNode node, params string[] args)
    {
        var result = await OdopCli.RunAsync([.. args, "--agent", node.Endpoint, "--json"]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    private static async Task<CliResult> Run(LocalNode node, params string[] args) => await OdopCli.RunAsync([.. args, "--agent", node.Endpoint]);

    private static async Task<Odop.Protocol.V1.Execution> WaitFor(LocalNode node, string id, Odop.Protocol.V1.ExecutionState state)
    {
        using var client = Odop.Client.OdopClient.Connect(node.Endpoint);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var execution = await client.GetAsync(id);
            if (execution.State == state) return execution;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{id} never reached {state}: {execution}");
            await Task.Delay(100);
        }
    }

    private static string[] Ids(JsonNode list) => list["executions"]!.AsArray().Select(e => e!["execution_id"]!.GetValue<string>()).ToArray();

    private static Odop.Core.Hardware.CpuSet AllButOne()
    {
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        return usable.Except(usable.Take(1));
    }

    [Test]
    public async Task Info_ShowsCountsWhatRunsWhereAndADrainEstimateFromProfileTimes()
    {
        await using var node = await LocalNode.StartAsync(excluded: AllButOne());
        using var client = Odop.Client.OdopClient.Connect(node.Endpoint);
        var running = (await client.EnqueueAsync("sleep")).ExecutionId;
        var pid = (await WaitFor(node, running, Odop.Protocol.V1.ExecutionState.Running)).Pid;
        await client.EnqueueAsync("sleep");
        await client.EnqueueAsync("talk");

        var info = await Json(node, "info");
        Assert.That(info["queued"]!.GetValue<int>(), Is.EqualTo(2));
        var counts = info["counts"]!.AsArray().ToDictionary(c => c!["state"]!.GetValue<string>(), c => c!["count"]!.GetValue<int>());
        Assert.That(counts["EXECUTION_STATE_QUEUED"], Is.EqualTo(2));
        Assert.That(counts["EXECUTION_STATE_RUNNING"], Is.EqualTo(1));
        var where = info["running"]!.AsArray().Single()!;
        Assert.That(where["execution_id"]!.GetValue<string>(), Is.EqualTo(running));
        Assert.That(where["pid"]!.GetValue<int>(), Is.EqualTo(pid));
        Assert.That(where["cpus"]!.AsArray().Select(c => c!.GetValue<int>()), Is.EqualTo(Odop.Node.Affinity.OfCurrentProcess().Take(1).Ids));
        var drain = info["drain"]!;
        Assert.That(drain["side_task_cores"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(drain["queued_core_seconds"]!.GetValue<double>(), Is.EqualTo(5 * 60 + 60), "sleep's 5min and talk's 1min, one core each");
        Assert.That(drain["running_core_seconds"]!.GetValue<double>(), Is.InRange(0, 5 * 60));
        Assert.That(drain["seconds"]!.GetValue<double>(),
            Is.EqualTo(drain["queued_core_seconds"]!.GetValue<double>() + drain["running_core_seconds"]!.GetValue<double>()).Within(1e-6));

        var text = await Run(node, "info");
        Assert.That(text.ExitCode, Is.EqualTo(0), text.ToString());
        Assert.That(text.Stdout, Does.Contain("queued 2").And.Contain("running 1").And.Contain(running).And.Contain("drain in"));
    }

    [Test]
    public async Task List_FiltersByStateListTaskAndSince_AndRefusesABadSince()
    {
        await using var node = await LocalNode.StartAsync(excluded: AllButOne());
        using var client = Odop.Client.OdopClient.Connect(node.Endpoint);
        var running = (await client.EnqueueAsync("sleep")).ExecutionId;
        await WaitFor(node, running, Odop.Protocol.V1.ExecutionState.Running);
        var talk = (await client.EnqueueAsync("talk")).ExecutionId;
        var skipped = (await client.EnqueueAsync("sleep")).ExecutionId;
        await client.SkipAsync(skipped);

        Assert.That(Ids(await Json(node, "tasks", "list", "--state", "queued,running")), Is.EqualTo(new[] { running, talk }));
        Assert.That(Ids(await Json(node, "tasks", "list", "--state", "queued", "--state", "skipped")), Is.EqualTo(new[] { talk, skipped }));
        Assert.That(Ids(await Json(node, "tasks", "list", "--task", "talk")), Is.EqualTo(new[] { talk }));
        Assert.That(Ids(await Json(node, "tasks", "list", "--since", "10m")), Is.EqualTo(new[] { running, talk, skipped }));
        Assert.That(Ids(await Json(node, "tasks", "list", "--since", DateTime.Now.AddHours(1).ToString("yyyy-MM-ddTHH:mm"))), Is.Empty);

        var bad = await Run(node, "tasks", "list", "--since", "foo");
        Assert.That(bad.ExitCode, Is.EqualTo(2), bad.ToString());
        Assert.That(bad.Stderr, Does.Contain("--since").And.Contain("'foo'"));
        var badState = await Run(node, "tasks", "list", "--state", "queued,bogus");
        Assert.That(badState.ExitCode, Is.EqualTo(2));
        Assert.That(badState.Stderr, Does.Contain("--state").And.Contain("bogus"));
    }

    [Test]
    public async Task History_InterleavesTransitionsWithWhyItWaited_AndLogsFollowPrintsOutputUntilTheEnd()
    {
        await using var node = await LocalNode.StartAsync(excluded: AllButOne());
        using var client = Odop.Client.OdopClient.Connect(node.Endpoint);
        var blocker = (await client.EnqueueAsync("sleep")).ExecutionId;
        await WaitFor(node, blocker, Odop.Protocol.V1.ExecutionState.Running);
        var talk = (await client.EnqueueAsync("talk")).ExecutionId;

        var notYet = await Run(node, "tasks", "logs", talk);
        Assert.That(notYet.ExitCode, Is.EqualTo(1), notYet.ToString());
        Assert.That(notYet.Stderr, Does.Contain("has not started yet").And.Contain("--follow"));

        // A note appears while it waits for the only core.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.HistoryAsync(talk)).Entries.All(e => e.EntryCase != Odop.Protocol.V1.HistoryEntry.EntryOneofCase.Note))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("no note on why it waits");
            await Task.Delay(100);
        }

        var follow = OdopCli.RunAsync(["tasks", "logs", talk, "--follow", "--agent", node.Endpoint]);
        await Task.Delay(TimeSpan.FromSeconds(2)); // let it start waiting; the outcome does not depend on this
        await client.StopAsync(blocker);
        var followed = await follow;
        Assert.That(followed.ExitCode, Is.EqualTo(0), followed.ToString());
        Assert.That(followed.Stdout, Is.EqualTo("hello\nworld\n"));
        await WaitFor(node, talk, Odop.Protocol.V1.ExecutionState.Succeeded);

        var stderr = await Run(node, "tasks", "logs", talk, "--stderr");
        Assert.That(stderr.ExitCode, Is.EqualTo(0), stderr.ToString());
        Assert.That(stderr.Stdout, Is.EqualTo("oops\n"));

        var history = await Run(node, "tasks", "history", talk);
        Assert.That(history.ExitCode, Is.EqualTo(0), history.ToString());
        var lines = history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var enqueued = lines.FindIndex(l => l.Contains("enqueued"));
        var note = lines.FindIndex(l => l.Contains("note") && l.Contains("waiting: static:"));
        var started = lines.FindIndex(l => l.Contains("queued    -> starting"));
        var succeeded = lines.FindIndex(l => l.Contains("-> succeeded"));
        Assert.That(new[] { enqueued, note, started, succeeded }, Is.All.GreaterThanOrEqualTo(0), history.Stdout);
        Assert.That(new[] { enqueued, note, started, succeeded }, Is.Ordered, history.Stdout);
        Assert.That(lines.Count(l => l.Contains("note")), Is.LessThan(5), "a note only when the reason changes, not every round");

        var unknown = Guid.NewGuid().ToString();
        foreach (var verb in new[] { "history", "logs" })
        {
            var missing = await Run(node, "tasks", verb, unknown);
            Assert.That(missing.ExitCode, Is.Not.EqualTo(0), missing.ToString());
            Assert.That(missing.Stderr, Does.Contain("NotFound").And.Contain(unknown));
        }
    }

    [Test]
    public async Task AfterARestart_EndedExecutionsComeFromTheStore_WithAllAndByIdAndHistory()
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("odop-visibility-").FullName, "agent.db");
        string talk;
        await using (var first = await LocalNode.StartAsync(storePath: store))
        {
            using var client = Odop.Client.OdopClient.Connect(first.Endpoint);
            talk = (await client.EnqueueAsync("talk")).ExecutionId;
            await WaitFor(first, talk, Odop.Protocol.V1.ExecutionState.Succeeded);
        }
        await using var second = await LocalNode.StartAsync(storePath: store);
        Assert.That(Ids(await Json(second, "tasks", "list")), Is.Empty, "not live and not in this agent's memory");
        var all = (await Json(second, "tasks", "list", "--all"))["executions"]!.AsArray();
        Assert.That(all.Select(e => e!["execution_id"]!.GetValue<string>()), Is.EqualTo(new[] { talk }));
        Assert.That(all[0]!["state"]!.GetValue<string>(), Is.EqualTo("EXECUTION_STATE_SUCCEEDED"));
        Assert.That(Ids(await Json(second, "tasks", "list", "--since", "1h", "--state", "succeeded")), Is.EqualTo(new[] { talk }));
        var history = await Json(second, "tasks", "history", talk);
        Assert.That(history["entries"]!.AsArray().Select(e => e!["transition"]?["to"]?.GetValue<string>()),
            Does.Contain("EXECUTION_STATE_SUCCEEDED"));
        // The store kept where its output went; the first node's folder (and its logs) is gone with it.
        var logs = await Run(second, "tasks", "logs", talk);
        Assert.That(logs.ExitCode, Is.EqualTo(1), logs.ToString());
        Assert.That(logs.Stderr, Does.Contain("stdout file of " + talk + " is gone").And.Contain("does not exist"));
        Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
    }

    [Test]
    public async Task HistoryRetention_PurgesEndedExecutionsFromMemoryAndTheStore_AndKeepsQueuedOnes()
    {
        var store = Path.Combine(Directory.CreateTempSubdirectory("odop-retention-").FullName, "agent.db");
        await using (var node = await LocalNode.StartAsync(excluded: AllButOne(), storePath: store,
            historyRetention: TimeSpan.FromSeconds(1), historyPurgePeriod: TimeSpan.FromMilliseconds(200)))
        {
            using var client = Odop.Client.OdopClient.Connect(node.Endpoint);
            var talk = (await client.EnqueueAsync("talk")).ExecutionId;
            await WaitFor(node, talk, Odop.Protocol.V1.ExecutionState.Succeeded);
            var blocker = (await client.EnqueueAsync("sleep")).ExecutionId;
            await WaitFor(node, blocker, Odop.Protocol.V1.ExecutionState.Running);
            var queued = (await client.EnqueueAsync("sleep")).ExecutionId;

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await client.ListAsync(new Odop.Protocol.V1.ListExecutionsRequest { All = true })).Any(e => e.ExecutionId == talk))
            {
                if (DateTime.UtcNow > deadline) Assert.Fail("the ended execution was never purged");
                await Task.Delay(100);
            }
            var missing = await Assert.ThrowsAsync<Odop.Protocol.RpcException>(() => client.GetAsync(talk));
            Assert.That(missing!.Status, Is.EqualTo(Odop.Protocol.StatusCode.NotFound));
            var left = await client.ListAsync(new Odop.Protocol.V1.ListExecutionsRequest { All = true });
            Assert.That(left.Select(e => e.ExecutionId), Is.EqualTo(new[] { blocker, queued }), "live and queued ones are never purged");
        }
        using (var reopened = Odop.Store.ExecutionStores.OpenSqlite(store))
        {
            var stored = await reopened.ListAsync(Odop.Store.ExecutionFilter.All);
            Assert.That(stored.Select(e => e.TaskName), Is.EqualTo(new[] { "sleep", "sleep" }), "the purge reached the file");
        }
        Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
    }
}
