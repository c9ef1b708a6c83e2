using Odop.Agent.Tests.Support;
using Odop.Node.Sampling;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>
/// A simulation run with libodop_pmpi.so preloaded: the agent's snapshot tells a rank busy-waiting in
/// MPI from one computing, though /proc shows both at 100% CPU.
/// </summary>
public class MpiWaitTests
{
    [Test]
    public async Task Snapshot_ShowsTheMpiWaitShareOfEachPreloadedRank()
    {
        var native = Path.Combine(RepoRoot(), "native", "out");
        var library = Path.Combine(native, "libodop_pmpi.so");
        var probe = Path.Combine(native, "pmpi_probe");
        Assert.That(File.Exists(library) && File.Exists(probe), $"{library} and {probe} are built by make -C native (./build.sh)");
        await using var node = await NodeUnderTest.StartAsync();
        // Rank 0 computes for 60 s while rank 1 waits for it in MPI_Recv.
        using var mpirun = MonitoringTests.StartMpirun("-n", "2", "--oversubscribe", "-x", $"LD_PRELOAD={library}", probe, "60");
        try
        {
            node.Agent.WatchSimulation(mpirun.Id);
            using var channel = GrpcChannel.ForUnixSocket(node.Agent.SocketPath);
            List<ProcessEntry> ranks = [];
            var deadline = DateTime.UtcNow.AddSeconds(50);
            while (DateTime.UtcNow < deadline)
            {
                var reply = await channel.UnaryAsync(MonitorMethods.Snapshot, new SnapshotRequest(), CallOptions.WithTimeout(TimeSpan.FromSeconds(10)));
                ranks = MonitoringSnapshot.FromJson(reply.SnapshotJson).ProcessMonitoring.Processes
                    .Where(p => p.Role == ProcessRole.Simulation).OrderBy(p => p.Rank).ToList();
                // Shares need two rank samples (one a second) after MPI_Init; wait for a settled pair.
                if (ranks.Count == 2 && ranks.All(r => r.MpiWait is not null) && ranks[1].MpiWait > 0.7) break;
                await Task.Delay(200);
            }

            TestContext.Out.WriteLine(string.Join(", ", ranks.Select(r => $"rank {r.Rank}: cpu {r.Cpu:F2} mpi_wait {r.MpiWait:F3}")));
            Assert.That(ranks.Select(r => r.Rank), Is.EqualTo(new int?[] { 0, 1 }));
            Assert.That(ranks[1].MpiWait, Is.GreaterThan(0.7), "rank 1 waits in MPI_Recv");
            Assert.That(ranks[0].MpiWait, Is.LessThan(0.3), "rank 0 computes");
        }
        finally
        {
            mpirun.Kill(entireProcessTree: true);
            await mpirun.WaitForExitAsync();
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Odop.sln"))) return dir.FullName;
        throw new AssertionException("Odop.sln not found above " + AppContext.BaseDirectory);
    }
}
