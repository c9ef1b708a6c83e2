using System.Diagnostics;
using System.Text.Json.Nodes;
using Odop.Cli.Tests.Support;

namespace Odop.Cli.Tests;

/// <summary>Two agents started as one MPI job, each acting as its own node, exchange inventories; `odop status` lists both.</summary>
public class ClusterStatusTests
{
    [Test]
    public async Task TwoAgentsUnderMpirun_ExchangeInventories_AndStatusListsBoth()
    {
        EnsureNativeShim();
        var root = Directory.CreateTempSubdirectory("odop-cluster-").FullName;
        var odop = Path.Combine(AppContext.BaseDirectory, "odop.dll");
        string[] Agent(string name) => ["-n", "1", "dotnet", odop, "agent", "--cluster", "--node-name", name,
            "--socket", Path.Combine(root, name + ".sock"), "--engine", "unix:" + Path.Combine(root, name + "-engine.sock"), "--log-level", "Warning"];
        var start = new ProcessStartInfo("mpirun") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--oversubscribe", "--bind-to", "none" }.Concat(Agent("n01")).Append(":").Concat(Agent("n02")))
            start.ArgumentList.Add(arg);
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        using var mpirun = Process.Start(start)!;
        var log = mpirun.StandardError.ReadToEndAsync();
        try
        {
            JsonNode? status = null;
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && !mpirun.HasExited)
            {
                var result = await OdopCli.RunAsync(["status", "--json", "--agent", "unix:" + Path.Combine(root, "n02.sock")]);
                if (result.ExitCode == 0)
                {
                    status = JsonNode.Parse(result.Stdout);
                    if (status?["nodes"]?.AsArray().Count == 2) break;
                }
                await Task.Delay(500);
            }
            Assert.That(status, Is.Not.Null, "no agent answered; mpirun said: " + (mpirun.HasExited ? await log : "(still running)"));
            var nodes = status!["nodes"]!.AsArray();
            Assert.That(nodes.Select(n => n!["node_name"]!.GetValue<string>()), Is.EquivalentTo(new[] { "n01", "n02" }));
            Assert.That(nodes.Select(n => n!["world_rank"]!.GetValue<int>()), Is.EquivalentTo(new[] { 0, 1 }));
            Assert.That(nodes.Single(n => n!["is_self"]!.GetValue<bool>())!["node_name"]!.GetValue<string>(), Is.EqualTo("n02"));
            foreach (var node in nodes)
                Assert.That(JsonNode.Parse(node!["inventory_json"]!.GetValue<string>())!["logical_cpus"]!.GetValue<int>(), Is.GreaterThan(0));

            var table = await OdopCli.RunAsync(["status", "--agent", "unix:" + Path.Combine(root, "n01.sock")]);
            Assert.That(table.Stdout, Does.Contain("n01 *").And.Contain("n02"));
        }
        finally
        {
            // mpirun forwards SIGTERM to both agents, which leave the exchange together.
            Process.Start("kill", ["-TERM", mpirun.Id.ToString()])!.WaitForExit();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await mpirun.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException) { mpirun.Kill(entireProcessTree: true); Assert.Fail("the agents did not leave together on SIGTERM"); }
            Directory.Delete(root, recursive: true);
        }
    }

    private static void EnsureNativeShim()
    {
        if (File.Exists(Path.Combine(OdopCli.RepoRoot, "native", "out", "libodop_mpi.so"))) return;
        using var make = Process.Start("make", ["-s", "-C", Path.Combine(OdopCli.RepoRoot, "native")])!;
        make.WaitForExit();
        Assert.That(make.ExitCode, Is.EqualTo(0), "building the MPI shim (make -C native) failed");
    }
}
