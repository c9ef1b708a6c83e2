using System.Diagnostics;
using Odop.Agent.Tests.Support;
using Odop.Node.Sampling;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>The agent sees the simulation as it really is: a real `mpirun -n 2`, its ranks, pids and bound cores.</summary>
public class MonitoringTests
{
    [Test]
    public async Task Snapshot_ReportsBothRanksOfARealMpirun_WithRankNumbersPidsAndBoundCores()
    {
        await using var node = await NodeUnderTest.StartAsync();
        using var mpirun = StartMpirun("-n", "2", "--cpu-set", "0", "--bind-to", "core", "--oversubscribe", "sleep", "60");
        try
        {
            node.Agent.WatchSimulation(mpirun.Id);
            using var channel = GrpcChannel.ForUnixSocket(node.Agent.SocketPath);
            MonitoringSnapshot? snapshot = null;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                var reply = await channel.UnaryAsync(MonitorMethods.Snapshot, new SnapshotRequest(), CallOptions.WithTimeout(TimeSpan.FromSeconds(10)));
                snapshot = MonitoringSnapshot.FromJson(reply.SnapshotJson);
                if (snapshot.ProcessMonitoring.Processes.Count(p => p.Role == ProcessRole.Simulation) == 2) break;
                await Task.Delay(100);
            }

            var ranks = snapshot!.ProcessMonitoring.Processes.Where(p => p.Role == ProcessRole.Simulation).OrderBy(p => p.Rank).ToList();
            Assert.That(ranks.Select(r => r.Rank), Is.EqualTo(new int?[] { 0, 1 }));
            var children = ChildrenOf(mpirun.Id);
            foreach (var rank in ranks)
            {
                Assert.That(children, Does.Contain(rank.Pid), "a rank is a child of the mpirun we started");
                Assert.That(rank.AllowedCpus, Is.EqualTo(new[] { 0 }), "bound to CPU 0 as --cpu-set 0 --bind-to core asks");
            }
            Assert.That(snapshot.SystemMonitoring.Cpu.Cores.Select(c => c.Id), Is.SupersetOf(new[] { 0 }));

            var status = await channel.UnaryAsync(MonitorMethods.Status, new StatusRequest(), CallOptions.WithTimeout(TimeSpan.FromSeconds(10)));
            Assert.That(status.Nodes, Has.Count.EqualTo(1));
            Assert.That(status.Nodes[0].IsSelf, Is.True);
            Assert.That(status.Nodes[0].InventoryJson, Does.Contain("logical_cpus"));
        }
        finally
        {
            mpirun.Kill(entireProcessTree: true);
            await mpirun.WaitForExitAsync();
        }
    }

    internal static Process StartMpirun(params string[] args)
    {
        var start = new ProcessStartInfo("mpirun") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"mpirun is needed (./build.sh installs Open MPI): {e.Message}");
            throw;
        }
    }

    private static IReadOnlyList<int> ChildrenOf(int pid) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(int.Parse!)
            .Where(p => Odop.Node.Proc.ProcStat.Read(p)?.PPid == pid).ToList();
}
