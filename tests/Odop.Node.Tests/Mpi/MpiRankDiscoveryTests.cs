using System.Collections;
using Odop.Core.Hardware;
using Odop.Node.Mpi;
using Odop.Node.Proc;
using Odop.Node.Processes;
using Odop.Node.Tests.Support;

namespace Odop.Node.Tests.Mpi;

public sealed class MpiRankDiscoveryTests : ProcessTestBase
{
    [Test]
    public async Task Scan_FindsBothRanksOfARealMpirun()
    {
        var env = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        env["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        env["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        var mpirun = Launch(Spec("mpirun", "-n", "2", "--cpu-set", "0", "--bind-to", "core", "--oversubscribe", "sleep", "30")
            with { Environment = env });
        var discovery = new MpiRankDiscovery(rootPid: mpirun.Pid);
        IReadOnlyList<DiscoveredRank> ranks = [];
        try
        {
            await Eventually(() => (ranks = discovery.Scan()).Count == 2 || mpirun.HasExited, "both ranks are up");
            Assert.That(ranks, Has.Count.EqualTo(2), ReadFile(Path.Combine(Dir, "err.log")));
            Assert.That(ranks.Select(r => r.Rank), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(ranks.Select(r => r.LocalRank), Is.EqualTo(new int?[] { 0, 1 }));
            foreach (var rank in ranks)
            {
                var stat = ProcStat.Read(rank.Pid)!;
                Assert.That(stat.Comm, Is.EqualTo("sleep"));
                Assert.That(ProcessTable.DescendantsOf(mpirun.Pid, ProcessTable.Scan()), Does.Contain(rank.Pid));
                Assert.That(rank.Source, Is.EqualTo("OMPI"));
                Assert.That(rank.WorldSize, Is.EqualTo(2));
                Assert.That(rank.BoundCpus, Is.EqualTo(CpuSet.Of(0)));
                Assert.That(rank.JobId, Is.Not.Null);
            }
            Assert.That(discovery.Scan(), Is.EqualTo(ranks), "a second (cached) scan agrees");
        }
        finally
        {
            mpirun.SignalGroup(ProcessSignals.SIGKILL);
            foreach (var rank in ranks) ProcessSignals.Send(rank.Pid, ProcessSignals.SIGKILL);
        }
    }

    [Test]
    public async Task Scan_SkipsChildrenThatMerelyInheritedTheRankVariables()
    {
        var rank = Launch(Spec("sh", "-c", "sleep 30; true") with { Environment = RankEnv(5) });
        var discovery = new MpiRankDiscovery(rootPid: rank.Pid);
        await Eventually(() => ProcessTable.ProcessesInGroup(rank.Pid).Count == 2, "the shell started sleep");

        var found = discovery.Scan();

        Assert.That(found.Select(r => (r.Pid, r.Rank)), Is.EqualTo(new[] { (rank.Pid, 5) }));
        Assert.That(found[0].WorldSize, Is.EqualTo(8));
    }

    [Test]
    public async Task Scan_OnlyLooksUnderTheRoot()
    {
        var mine = Launch(Spec("sleep", "30") with { Environment = RankEnv(0) });
        var other = Launch(Spec("sleep", "30") with { Environment = RankEnv(1) });
        await Eventually(() => ProcEnviron.TryRead(other.Pid)?.ContainsKey("OMPI_COMM_WORLD_RANK") == true, "sleep has exec'd");
        await Eventually(() => ProcEnviron.TryRead(mine.Pid)?.ContainsKey("OMPI_COMM_WORLD_RANK") == true, "sleep has exec'd");

        Assert.That(new MpiRankDiscovery(mine.Pid).Scan().Select(r => r.Pid), Is.EqualTo(new[] { mine.Pid }));
        Assert.That(new MpiRankDiscovery().Scan().Select(r => r.Pid), Is.SupersetOf(new[] { mine.Pid, other.Pid }));
    }

    [Test]
    public async Task Scan_IgnoresOdopSideTasks()
    {
        var env = RankEnv(2);
        env["ODOP_EXECUTION_ID"] = "x";
        var task = Launch(Spec("sleep", "30") with { Environment = env });
        await Eventually(() => ProcEnviron.TryRead(task.Pid)?.ContainsKey("ODOP_EXECUTION_ID") == true, "sleep has exec'd");
        Assert.That(new MpiRankDiscovery(task.Pid).Scan(), Is.Empty);
    }

    [Test]
    public async Task Scan_SeesARankAfterItsProcessExecs()
    {
        // The first scans see a plain shell; after exec the same pid is a rank and must not stay cached as "not a rank".
        var p = Launch("sh", "-c", $"while [ ! -e go ]; do sleep 0.05; done; exec env OMPI_COMM_WORLD_RANK=3 sleep 30");
        var discovery = new MpiRankDiscovery(p.Pid);
        await Eventually(() => ProcStat.Read(p.Pid)?.Comm == "sh", "the shell runs");
        Assert.That(discovery.Scan(), Is.Empty);
        File.WriteAllText(Path.Combine(Dir, "go"), "");
        await Eventually(() => ProcStat.Read(p.Pid)?.Comm == "sleep", "the shell has exec'd");
        Assert.That(discovery.Scan().Select(r => (r.Pid, r.Rank)), Is.EqualTo(new[] { (p.Pid, 3) }));
    }

    private static Dictionary<string, string> RankEnv(int rank)
    {
        var env = BaseEnvironment();
        env["OMPI_COMM_WORLD_RANK"] = rank.ToString();
        env["OMPI_COMM_WORLD_SIZE"] = "8";
        env["OMPI_MCA_ess_base_jobid"] = "odop-test";
        return env;
    }
}
