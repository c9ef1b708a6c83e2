using System.Text.Json.Nodes;
using Odop.Cli.Tests.Support;

namespace Odop.Cli.Tests;

/// <summary>`odop batch FILE` against a live agent and engine, with tiny shell-command tasks.</summary>
public class BatchVerbTests
{
    private static void WriteShellProfile(LocalNode node, string name, params string[] argv) =>
        File.WriteAllText(Path.Combine(node.Root, "profiles", name + ".json"), new JsonObject
        {
            ["task_id"] = Guid.NewGuid().ToString(),
            ["metadata"] = new JsonObject { ["name"] = name },
            ["execution_method"] = new JsonObject { ["command"] = new JsonArray([.. argv.Select(a => (JsonNode?)JsonValue.Create(a))]) },
            ["execution_requirement"] = new JsonObject { ["time"] = "1min", ["cpus"] = new JsonObject { ["max"] = "1", ["min"] = "500mcpu" } },
        }.ToJsonString());

    private static async Task<LocalNode> StartAsync()
    {
        var node = await LocalNode.StartAsync();
        WriteShellProfile(node, "ok", "sh", "-c", "exit 0");
        WriteShellProfile(node, "bad", "sh", "-c", "exit 3");
        // Fails on its first run and succeeds on the next: what a retry is for.
        WriteShellProfile(node, "flaky", "sh", "-c", "test -e \"$0\" && exit 0; touch \"$0\"; exit 1", Path.Combine(node.Root, "flaky.marker"));
        return node;
    }

    private static string WriteBatch(LocalNode node, string json)
    {
        var path = Path.Combine(node.Root, "batch.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public async Task AFailFastGroupWithAFailingMember_SkipsItsRestAndItsFollower_RunsTheRunAlwaysGroup_AndExitsOne()
    {
        await using var node = await StartAsync();
        var file = WriteBatch(node, """
            {"groups": [
              {"name": "build", "strategy": "sequential", "failure_mode": "failfast",
               "executions": [{"task_id": "ok"}, {"task_id": "bad"}, {"task_id": "ok"}]},
              {"name": "report", "failure_mode": "failfast", "after": ["build"], "executions": [{"task_id": "ok"}]},
              {"name": "cleanup", "failure_mode": "runalways", "after": ["build"], "executions": [{"task_id": "ok"}]}
            ]}
            """);

        var result = await OdopCli.RunAsync(["batch", file, "--agent", node.Endpoint, "--exact-names"]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stdout, Does.Contain("group build: failed (sequential, failfast)"));
        Assert.That(result.Stdout, Does.Contain("group report: failed"));
        Assert.That(result.Stdout, Does.Contain("group cleanup: succeeded"));
        Assert.That(result.Stdout, Does.Contain("exit code 3"));
        Assert.That(result.Stdout, Does.Contain("group build it follows failed"));
        Assert.That(result.Stdout, Does.Contain("2 of 3 group(s) failed"));
        var states = (await Json(node, "tasks", "list"))["executions"]!.AsArray().Select(e => e!["state"]!.GetValue<string>()).ToList();
        Assert.That(states, Is.EqualTo(new[]
        {
            "EXECUTION_STATE_SUCCEEDED", "EXECUTION_STATE_FAILED", "EXECUTION_STATE_SKIPPED", // build: the third never ran
            "EXECUTION_STATE_SKIPPED",                                                      // report follows a failed group
            "EXECUTION_STATE_SUCCEEDED",                                                    // cleanup runs always
        }));
    }

    [Test]
    public async Task ABatchWhoseGroupsAllSucceed_AfterARetry_ExitsZero()
    {
        await using var node = await StartAsync();
        var file = WriteBatch(node, """
            {"groups": [
              {"name": "flaky", "failure_mode": "waitall",
               "executions": [{"task_id": "flaky", "retries": {"max": 2, "backoff": "1s"}}, {"task_id": "ok"}]}
            ]}
            """);

        var result = await OdopCli.RunAsync(["batch", file, "--agent", node.Endpoint]);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Match(@"group flaky#[0-9a-f]{6}: succeeded \(parallel, waitall, 1 at a time\)"));
        Assert.That(result.Stdout, Does.Contain("1 group(s) succeeded"));
        var flaky = (await Json(node, "tasks", "list"))["executions"]![0]!;
        Assert.That(flaky["retries"]!.GetValue<int>(), Is.EqualTo(1), "it ran twice");
    }

    [Test]
    public async Task AnUnknownFailureMode_IsRefusedNamingFileAndField_WithExitTwo_AndNothingIsQueued()
    {
        await using var node = await StartAsync();
        var file = WriteBatch(node, """
            {"groups": [
              {"name": "a", "executions": [{"task_id": "ok"}]},
              {"name": "b", "failure_mode": "foo", "executions": [{"task_id": "ok"}]}
            ]}
            """);

        var result = await OdopCli.RunAsync(["batch", file, "--agent", node.Endpoint]);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr.Trim(), Is.EqualTo($"odop: {file}: groups[1].failure_mode: 'foo' is not one of failfast, waitcurrent, waitall, runalways"));
        Assert.That((await Json(node, "tasks", "list"))["executions"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task NoWait_PrintsTheGroupNames_AndOdopGroupsShowsWhereTheyStand()
    {
        await using var node = await StartAsync();
        var file = WriteBatch(node, """{"groups": [{"name": "quick", "executions": [{"task_id": "ok"}]}]}""");

        var result = await OdopCli.RunAsync(["batch", file, "--agent", node.Endpoint, "--no-wait", "--exact-names"]);

        Assert.That((result.ExitCode, result.Stdout.Trim()), Is.EqualTo((0, "quick")), result.ToString());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonNode group;
        while (!(group = (await Json(node, "groups", "quick"))["groups"]![0]!)["done"]!.GetValue<bool>())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"group quick never finished: {group}");
            await Task.Delay(200);
        }
        var table = await OdopCli.RunAsync(["groups", "--agent", node.Endpoint]);
        Assert.That(table.Stdout, Does.Contain("group quick: succeeded"), table.ToString());
    }

    private static async Task<JsonNode> Json(LocalNode node, params string[] args)
    {
        var result = await OdopCli.RunAsync([.. args, "--agent", node.Endpoint, "--json"]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }
}
