using System.Diagnostics;
using Odop.Node.Proc;

namespace Odop.Node.Tests.Proc;

public sealed class ProcessGroupWalkTests
{
    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("odop-fake-proc-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    /// <summary>A stat line as proc(5) lays it out, with the fields the walk reads: state, ppid, pgrp, flags, utime.</summary>
    private void Entry(int pid, int pgrp, string comm = "task", bool kernelThread = false, long utime = 7)
    {
        var flags = kernelThread ? "2129984" : "4194560";
        var after = new List<string> { "S", "1", $"{pgrp}", $"{pgrp}", "0", "-1", flags, "0", "0", "0", "0", $"{utime}", "0", "0", "0", "20", "0", "1", "0", "5", "0", "10" };
        while (after.Count < 40) after.Add("0");
        Directory.CreateDirectory(Path.Combine(_root, $"{pid}"));
        File.WriteAllText(Path.Combine(_root, $"{pid}", "stat"), $"{pid} ({comm}) {string.Join(' ', after)}\n");
    }

    private static List<int> Pids(List<ProcStat> stats) => [.. stats.Select(s => s.Pid).Order()];

    /// <summary>A walk over a task group 300 (300, 301), another process 400 and a kernel thread 40, having walked once.</summary>
    private ProcessGroupWalk WalkedOnceOverGroup300()
    {
        Entry(40, 0, "kworker/0:1", kernelThread: true);
        Entry(300, 300);
        Entry(301, 300);
        Entry(400, 400, "mpirun");
        var walk = new ProcessGroupWalk(_root);
        Assert.That(Pids(walk.Members(new HashSet<int> { 300 })), Is.EqualTo(new[] { 300, 301 }));
        return walk;
    }

    [Test]
    public void Members_AreTheProcessesOfTheGroupsAskedFor_WithTheirStat()
    {
        var walk = WalkedOnceOverGroup300();
        Entry(500, 500, utime: 42);
        var members = walk.Members(new HashSet<int> { 300, 500 });
        Assert.That(Pids(members), Is.EqualTo(new[] { 300, 301, 500 }));
        Assert.That(members.Single(s => s.Pid == 500).UserTicks, Is.EqualTo(42));
    }

    [Test]
    public void AProcessOutsideTheGroups_IsReadOnce_WhileItStaysListed()
    {
        var walk = WalkedOnceOverGroup300();

        // 400 now reads as a member: a walk that still read it would list it.
        Entry(400, 300);
        Assert.That(Pids(walk.Members(new HashSet<int> { 300 })), Is.EqualTo(new[] { 300, 301 }), "remembered, not read again");
        Assert.That(walk.LastReads, Is.EqualTo(2), "only the members were read");
    }

    [Test]
    public void AMember_IsReadAtEveryWalk_SoOneThatLeavesItsGroupIsSeenAtOnce()
    {
        var walk = WalkedOnceOverGroup300();
        Entry(301, 301, "setsid-child");
        Assert.That(Pids(walk.Members(new HashSet<int> { 300 })), Is.EqualTo(new[] { 300 }));
    }

    [Test]
    public void AGroupNotAskedForBefore_MakesEveryProcessBeReadAgain()
    {
        var walk = WalkedOnceOverGroup300();

        // 400 was read in its parent's group, then set its own (a spawn read between fork and setpgid).
        Entry(400, 450);
        Assert.That(Pids(walk.Members(new HashSet<int> { 300, 450 })), Is.EqualTo(new[] { 300, 301, 400 }));
    }

    [Test]
    public void AskingForSomeOfTheGroupsAskedBefore_KeepsWhatItRemembers()
    {
        var walk = WalkedOnceOverGroup300();
        Entry(500, 500);
        Assert.That(Pids(walk.Members(new HashSet<int> { 300, 500 })), Is.EqualTo(new[] { 300, 301, 500 }));

        Entry(400, 500); // would be listed if read again
        Assert.That(Pids(walk.Members(new HashSet<int> { 500 })), Is.EqualTo(new[] { 500 }), "one execution's group");
        Assert.That(walk.LastReads, Is.EqualTo(1));
        Assert.That(Pids(walk.Members(new HashSet<int> { 300, 500 })), Is.EqualTo(new[] { 300, 301, 500 }));
        Assert.That(walk.LastReads, Is.EqualTo(3), "only the members were read");
    }

    [Test]
    public void APidThatLeftTheListing_IsReadAfresh()
    {
        var walk = WalkedOnceOverGroup300();
        Directory.Delete(Path.Combine(_root, "400"), recursive: true);
        Assert.That(Pids(walk.Members(new HashSet<int> { 300 })), Is.EqualTo(new[] { 300, 301 }));
        Entry(400, 300, "recycled");
        Assert.That(Pids(walk.Members(new HashSet<int> { 300 })), Is.EqualTo(new[] { 300, 301, 400 }));
    }

    [Test]
    public void EveryProcess_IsReadAgain_AfterForgetEveryWalks()
    {
        var walk = WalkedOnceOverGroup300();
        Entry(400, 300, "moved into the group by another");
        var walks = 1;
        while (walk.Members(new HashSet<int> { 300 }).Count == 2 && walks < 10 * ListedPidMemory.ForgetEvery) walks++;
        Assert.That(walks + 1, Is.EqualTo(ListedPidMemory.ForgetEvery), "the forgetting walk reads it again");
    }

    [Test]
    public void AnEntryGoneBeforeItsStatIsRead_IsLeftOut()
    {
        Directory.CreateDirectory(Path.Combine(_root, "77")); // listed, no stat: exited mid-walk
        Entry(300, 300);
        Assert.That(Pids(new ProcessGroupWalk(_root).Members(new HashSet<int> { 300, 77 })), Is.EqualTo(new[] { 300 }));
    }

    [Test]
    public void TheRealProc_ListsAProcessInItsOwnGroup_AndNotThisOne()
    {
        using var leader = Process.Start(new ProcessStartInfo("setsid", ["sleep", "30"]) { UseShellExecute = false })!;
        try
        {
            var walk = new ProcessGroupWalk();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            List<ProcStat> members;
            // setsid makes the child the leader of a group named by its pid once it has run: until then it is not a member.
            while ((members = walk.Members(new HashSet<int> { leader.Id })).Count == 0 && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.That(members.Select(s => (s.Pid, s.Pgrp)), Is.EqualTo(new[] { (leader.Id, leader.Id) }));
            Assert.That(walk.Members(new HashSet<int> { leader.Id }).Select(s => s.Pid), Does.Not.Contain(Environment.ProcessId));
        }
        finally
        {
            leader.Kill();
            leader.WaitForExit();
        }
    }
}
