using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Odop.Cli.Tests.Support;
using Odop.Client;
using Odop.Engine.Hosting;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Cli.Tests;

/// <summary>The queue is durable: a real agent process killed with SIGKILL comes back with everything it had.</summary>
public class AgentRestartTests
{
    [Test]
    public async Task SigkilledAgent_RestartsWithNothingLostNothingRunTwice_RunningAdopted_OrderKept()
    {
        var root = Directory.CreateTempSubdirectory("odop-restart-").FullName;
        var profiles = Directory.CreateDirectory(Path.Combine(root, "profiles")).FullName;
        await using (var seed = await LocalNode.StartAsync()) File.Copy(Path.Combine(seed.Root, "profiles", "sleep.json"), Path.Combine(profiles, "sleep.json"));
        File.WriteAllText(Path.Combine(root, "sleeper.py"), "import time\ndef sleep(input_folder, seconds=120, **kw):\n    time.sleep(seconds)\n");
        await using var engine = await EngineHost.StartAsync(new EngineHostOptions
        {
            SocketPath = Path.Combine(root, "engine.sock"), LogDirectory = Path.Combine(root, "logs"), DefaultStopGrace = TimeSpan.FromSeconds(2),
        }, NullLoggerFactory.Instance);
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        string[] agentArgs = ["agent", "--socket", Path.Combine(root, "agent.sock"), "--engine", "unix:" + engine.SocketPath, "--profiles", profiles,
            "--store", Path.Combine(root, "agent.db"), "--policy", "static", "--exclude-cpus", usable.Except(usable.Take(1)).ToString(), "--log-level", "Warning"];
        var endpoint = "unix:" + Path.Combine(root, "agent.sock");

        var first = StartAgent(agentArgs);
        using var client = OdopClient.Connect(endpoint);
        await WaitForAgent(client);
        var running = (await client.EnqueueAsync("sleep")).ExecutionId;
        var execution = await WaitFor(client, running, ExecutionState.Running);
        var queued = new List<string>();
        for (var batch = 0; batch < 10; batch++)
        {
            var elements = Enumerable.Range(0, 1000).Select(_ => OdopClient.NewElement("sleep")).ToList();
            await client.EnqueueBatchAsync(elements);
            queued.AddRange(elements.Select(e => e.ExecutionId));
        }

        first.Kill(); // SIGKILL: no shutdown path runs
        await first.WaitForExitAsync();
        var second = StartAgent(agentArgs);
        try
        {
            await WaitForAgent(client);
            var after = await client.ListAsync();
            var ids = after.Select(e => e.ExecutionId).ToList();
            Assert.That(ids, Has.Count.EqualTo(10_001), "none lost");
            Assert.That(ids.Distinct().Count(), Is.EqualTo(10_001));
            Assert.That(after.Where(e => e.State == ExecutionState.Queued).Select(e => e.ExecutionId), Is.EqualTo(queued), "queued ones keep their order");

            var adopted = await WaitFor(client, running, ExecutionState.Running);
            Assert.That(adopted.Pid, Is.EqualTo(execution.Pid), "the running one is adopted, not started again");
            var engineList = await GrpcChannel.ForUnixSocket(engine.SocketPath).UnaryAsync(EngineMethods.List, new EngineListRequest(), CallOptions.WithTimeout(TimeSpan.FromSeconds(10)));
            Assert.That(engineList.Executions.Count(e => e.ExecutionId == running), Is.EqualTo(1), "the engine started it once");
            Assert.That(engineList.Executions, Has.Count.EqualTo(1), "nothing queued ran while the only core was held");

            var history = await client.GetAsync(running);
            Assert.That(history.Transitions.Count(t => t.To == ExecutionState.Starting), Is.EqualTo(1), "never claimed twice");
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    private static Process StartAgent(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "odop.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForAgent(OdopClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try { await client.ListAsync(); return; }
            catch (RpcException) when (DateTime.UtcNow < deadline) { await Task.Delay(200); }
        }
    }

    private static async Task<Execution> WaitFor(OdopClient client, string id, ExecutionState state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var e = await client.GetAsync(id);
            if (e.State == state) return e;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{id} never became {state}: {e.State} {e.Reason}");
            await Task.Delay(100);
        }
    }
}
