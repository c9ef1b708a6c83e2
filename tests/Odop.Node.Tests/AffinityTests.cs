using Odop.Core.Hardware;
using Odop.Node.Proc;
using Odop.Node.Tests.Support;

namespace Odop.Node.Tests;

public sealed class AffinityTests : ProcessTestBase
{
    [Test]
    public void OfCurrentProcess_ListsTheCpusThisProcessMayUse()
    {
        var status = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        Assert.That(Affinity.OfCurrentProcess(), Is.EqualTo(CpuSet.Parse(status.Split(':')[1])));
    }

    [TestCase(false, TestName = "SetProcessGroup_MovesEveryThreadOfEveryProcessInTheGroup")]
    [TestCase(true, TestName = "SetProcessGroup_ThroughAKeptGroupWalk_MovesEveryThreadOfEveryProcessInTheGroup")]
    public async Task SetProcessGroup_MovesEveryThread(bool throughAKeptWalk)
    {
        // A kept walk that has seen the group's processes before, as the engine's has from sampling.
        var walk = throughAKeptWalk ? new ProcessGroupWalk() : null;
        // A multi-threaded python and a shell in one group.
        var p = Launch("sh", "-c",
            "python3 -c 'import threading, time\nfor _ in range(3): threading.Thread(target=time.sleep, args=(30,), daemon=True).start()\ntime.sleep(30)' & wait");
        // python3 may be a pyenv shim that forks helpers first: wait for the process with four threads.
        await Eventually(() => ProcessTable.ProcessesInGroup(p.Pid).Any(pid => ProcStat.Read(pid)?.Threads == 4), "python threads are up");

        walk?.Members(new HashSet<int> { p.Pid });
        var set = Affinity.SetProcessGroup(p.Pid, CpuSet.Of(1), walk);

        Assert.That(set, Is.GreaterThanOrEqualTo(5));
        foreach (var pid in ProcessTable.ProcessesInGroup(p.Pid))
            foreach (var tid in ProcessTable.Threads(pid))
                Assert.That(File.ReadAllLines($"/proc/{pid}/task/{tid}/status").Single(l => l.StartsWith("Cpus_allowed_list", StringComparison.Ordinal)),
                    Is.EqualTo("Cpus_allowed_list:\t1"), $"thread {tid} of {pid}");
        Assert.That(Affinity.Get(p.Pid), Is.EqualTo(CpuSet.Of(1)));
    }

    [Test]
    public async Task Get_OfAProcessThatIsGone_IsNull()
    {
        var p = Launch("true");
        await Exit(p);
        Assert.That(Affinity.Get(p.Pid), Is.Null);
        Assert.That(Affinity.SetProcessGroup(p.Pid, CpuSet.Of(0)), Is.EqualTo(0));
    }
}
