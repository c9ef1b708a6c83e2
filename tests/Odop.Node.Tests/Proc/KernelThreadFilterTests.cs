using System.Text;
using Odop.Node.Proc;

namespace Odop.Node.Tests.Proc;

public sealed class KernelThreadFilterTests
{
    private const string KernelFlags = "2129984"; // 0x208040: PF_KTHREAD among others, as kthreadd shows it
    private const string ProcessFlags = "4194560"; // 0x400100: a user process

    private string _root = null!;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("odop-fake-proc-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private void Entry(int pid, string comm, string flags)
    {
        Directory.CreateDirectory(Path.Combine(_root, pid.ToString()));
        // pid (comm) state ppid pgrp session tty tpgid flags ...
        File.WriteAllText(Path.Combine(_root, pid.ToString(), "stat"), $"{pid} ({comm}) S 2 0 0 0 -1 {flags} 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0\n");
    }

    /// <summary>A filter after one walk that classified pid 40 as a kernel thread.</summary>
    private KernelThreadFilter FilterThatWalkedPastAKernelThreadAt40()
    {
        var filter = new KernelThreadFilter(_root);
        Entry(40, "kworker/0:1", KernelFlags);
        Assert.That(Walk(filter), Is.Empty);
        return filter;
    }

    private List<int> Walk(KernelThreadFilter filter) => filter.UserProcesses(ProcessTable.NumericEntries(_root).Order().ToList());

    [Test]
    public void KernelThreads_AreLeftOut_ProcessesKeptInOrder()
    {
        Entry(2, "kthreadd", KernelFlags);
        Entry(40, "kworker/0:1-events", KernelFlags);
        Entry(300, "mpirun", ProcessFlags);
        Entry(301, "python3 (worker) x", ProcessFlags);
        Assert.That(Walk(new KernelThreadFilter(_root)), Is.EqualTo(new[] { 300, 301 }));
    }

    [Test]
    public void AKernelThread_IsReadOnce_WhileItStaysListed()
    {
        var filter = FilterThatWalkedPastAKernelThreadAt40();

        // Its stat now reads as a process: a walk that still re-read it would list it.
        Entry(40, "now-a-process", ProcessFlags);
        Assert.That(Walk(filter), Is.Empty, "remembered, not read again");
    }

    [Test]
    public void APidThatLeftTheListing_IsClassifiedAfresh()
    {
        var filter = FilterThatWalkedPastAKernelThreadAt40();
        Directory.Delete(Path.Combine(_root, "40"), recursive: true);
        Assert.That(Walk(filter), Is.Empty);
        Entry(40, "recycled", ProcessFlags);
        Assert.That(Walk(filter), Is.EqualTo(new[] { 40 }));
    }

    [Test]
    public void EveryClassification_IsMadeAgain_AfterForgetEveryWalks()
    {
        var filter = FilterThatWalkedPastAKernelThreadAt40();
        Entry(40, "recycled between two walks", ProcessFlags);
        var walks = 1;
        while (Walk(filter).Count == 0 && walks < 10 * ListedPidMemory.ForgetEvery) walks++;
        Assert.That(walks + 1, Is.EqualTo(ListedPidMemory.ForgetEvery), "the first walk after the forgetting one reads it again");
    }

    [Test]
    public void AnEntryGoneBeforeItsStatIsRead_IsLeftOut()
    {
        Directory.CreateDirectory(Path.Combine(_root, "77")); // listed, no stat: exited mid-walk
        Entry(300, "mpirun", ProcessFlags);
        Assert.That(Walk(new KernelThreadFilter(_root)), Is.EqualTo(new[] { 300 }));
    }

    [Test]
    public void Flags_AreField9_CountedAfterAnyComm()
    {
        Assert.That(KernelThreadFilter.Flags(Encoding.ASCII.GetBytes("9 (a) b (c) S 2 0 0 0 -1 2129984 0 0\n")), Is.EqualTo(2129984));
        Assert.That(KernelThreadFilter.Flags("9 (x) S 2 0"u8), Is.Null, "truncated");
    }

    [Test]
    public void TheRealProc_WithoutKernelThreads_HasThisProcessAndNotKthreadd()
    {
        var users = ProcessTable.UserPids();
        Assert.That(users, Does.Contain(Environment.ProcessId));
        var scanned = ProcessTable.Scan();
        Assert.That(scanned.Select(s => s.Pid), Does.Contain(Environment.ProcessId));
        if (ProcStat.Read(2) is not { Comm: "kthreadd" }) return; // in a PID namespace no kernel thread is listed
        Assert.That(users, Does.Not.Contain(2));
        Assert.That(scanned.Where(s => s.PPid == 2).Select(s => s.Comm), Is.Empty, "kthreadd's children are kernel threads");
    }
}
