using System.Text.Json.Nodes;
using Odop.Cli.Tests.Support;

namespace Odop.Cli.Tests;

/// <summary>`odop tasks ...` and `odop enqueue` against a live agent, acting on real processes.</summary>
public class TasksVerbTests
{
    private static async Task<JsonNode> Json(LocalNode node, params string[] args)
    {
        var result = await OdopCli.RunAsync([.. args, "--agent", node.Endpoint, "--json"]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        return JsonNode.Parse(result.Stdout)!;
    }

    private static async Task<JsonNode> WaitForState(LocalNode node, string id, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var execution = await Json(node, "tasks", "show", id);
            if (execution["state"]!.GetValue<string>() == state) return execution;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{id} never reached {state}: {execution}");
            await Task.Delay(100);
        }
    }

    private static char? ProcState(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("State:", StringComparison.Ordinal));
            return line[6..].Trim()[0];
        }
        catch (IOException) { return null; }
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Test]
    public async Task PauseResumeStopSkip_ActOnRealProcesses()
    {
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        await using var node = await LocalNode.StartAsync(excluded: usable.Except(usable.Take(1)));

        var running = (await Json(node, "enqueue", "sleep", "--option", "seconds=300"))["execution_id"]!.GetValue<string>();
        var queued = (await Json(node, "enqueue", "sleep"))["execution_id"]!.GetValue<string>();
        var pid = (await WaitForState(node, running, "EXECUTION_STATE_RUNNING"))["pid"]!.GetValue<int>();

        Assert.That((await Json(node, "tasks", "pause", running))["state"]!.GetValue<string>(), Is.EqualTo("EXECUTION_STATE_PAUSED"));
        // kill(2) only queues SIGSTOP; the process stops when it next runs, which on a loaded node is later.
        await Eventually(() => ProcState(pid) == 'T', "the kernel to have the paused task stopped");
        await Json(node, "tasks", "resume", running);
        Assert.That(ProcState(pid), Is.Not.EqualTo('T'));

        Assert.That((await Json(node, "tasks", "skip", queued))["state"]!.GetValue<string>(), Is.EqualTo("EXECUTION_STATE_SKIPPED"));
        Assert.That((await Json(node, "tasks", "stop", running))["state"]!.GetValue<string>(), Is.EqualTo("EXECUTION_STATE_STOPPED"));
        await Eventually(() => ProcState(pid) is null or 'Z', "the stopped task's process to be gone");

        var list = await Json(node, "tasks", "list");
        Assert.That(list["executions"]!.AsArray(), Has.Count.EqualTo(2));
        var table = await OdopCli.RunAsync(["tasks", "list", "--agent", node.Endpoint]);
        Assert.That(table.Stdout, Does.Contain("skipped").And.Contain("stopped"));
    }

    [Test]
    public async Task BadInput_GivesAClearErrorAndANonZeroExit_AndTheQueueKeepsWhatItHad()
    {
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        await using var node = await LocalNode.StartAsync(excluded: usable.Except(usable.Take(1)));
        var running = (await Json(node, "enqueue", "sleep"))["execution_id"]!.GetValue<string>();
        var queued = (await Json(node, "enqueue", "sleep"))["execution_id"]!.GetValue<string>();
        await WaitForState(node, running, "EXECUTION_STATE_RUNNING");

        var unknownTask = await OdopCli.RunAsync(["enqueue", "no-such-task", "--agent", node.Endpoint]);
        Assert.That(unknownTask.ExitCode, Is.Not.EqualTo(0));
        Assert.That(unknownTask.Stderr, Does.Contain("NotFound").And.Contain("no-such-task").And.Contain("task_id"));

        var badId = await OdopCli.RunAsync(["enqueue", "sleep", "--execution-id", "not-a-uuid", "--agent", node.Endpoint]);
        Assert.That(badId.ExitCode, Is.Not.EqualTo(0));
        Assert.That(badId.Stderr, Does.Contain("InvalidArgument").And.Contain("execution_id").And.Contain("not-a-uuid"));

        var badShow = await OdopCli.RunAsync(["tasks", "stop", "12345", "--agent", node.Endpoint]);
        Assert.That(badShow.Stderr, Does.Contain("execution_id"));
        Assert.That(badShow.ExitCode, Is.Not.EqualTo(0));

        var unknownId = await OdopCli.RunAsync(["tasks", "show", Guid.NewGuid().ToString(), "--agent", node.Endpoint]);
        Assert.That(unknownId.Stderr, Does.Contain("NotFound"));

        var badOption = await OdopCli.RunAsync(["enqueue", "sleep", "--option", "novalue", "--agent", node.Endpoint]);
        Assert.That(badOption.ExitCode, Is.EqualTo(2));
        Assert.That(badOption.Stderr, Does.Contain("--option").And.Contain("key=value"));

        var noAgent = await OdopCli.RunAsync(["tasks", "list", "--agent", "unix:" + Path.Combine(node.Root, "nobody.sock")]);
        Assert.That(noAgent.ExitCode, Is.Not.EqualTo(0));
        Assert.That(noAgent.Stderr, Does.Contain("unavailable"));

        var list = (await Json(node, "tasks", "list"))["executions"]!.AsArray();
        Assert.That(list.Select(e => e!["execution_id"]!.GetValue<string>()), Is.EqualTo(new[] { running, queued }));
        Assert.That(list.Select(e => e!["state"]!.GetValue<string>()), Is.EqualTo(new[] { "EXECUTION_STATE_RUNNING", "EXECUTION_STATE_QUEUED" }));
    }
}
