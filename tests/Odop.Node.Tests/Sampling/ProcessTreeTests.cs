using Odop.Node.Proc;
using Odop.Node.Sampling.Internal;

namespace Odop.Node.Tests.Sampling;

/// <summary>The parent scan of a fake /proc with no children files, as on a kernel without CONFIG_PROC_CHILDREN.</summary>
public sealed class ProcessTreeTests
{
    private string _root = null!;
    private long _generation;

    [SetUp]
    public void SetUp() => _root = Directory.CreateTempSubdirectory("odop-fake-proc-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private void Entry(int pid, int ppid)
    {
        var after = new List<string> { "S", $"{ppid}", $"{pid}", $"{pid}", "0", "-1", "4194560" };
        while (after.Count < 40) after.Add("0");
        Directory.CreateDirectory(Path.Combine(_root, $"{pid}"));
        File.WriteAllText(Path.Combine(_root, $"{pid}", "stat"), $"{pid} (p{pid}) {string.Join(' ', after)}\n");
    }

    private void Gone(int pid) => Directory.Delete(Path.Combine(_root, $"{pid}"), recursive: true);

    /// <summary>The descendants of <paramref name="pid"/> at a new sample (one scan), in ascending order.</summary>
    private List<int> Below(ProcessTree tree, int pid)
    {
        var found = new List<int>();
        tree.Collect(pid, ++_generation, found);
        return [.. found.Order()];
    }

    /// <summary>A tree that has scanned 1 → 100 → 101 → 102, and 1 → 200, once.</summary>
    private ProcessTree ScannedOnce()
    {
        Entry(1, 0);
        Entry(100, 1);
        Entry(101, 100);
        Entry(102, 101);
        Entry(200, 1);
        var tree = new ProcessTree(_root);
        Assert.That(Below(tree, 100), Is.EqualTo(new[] { 101, 102 }));
        return tree;
    }

    [Test]
    public void AProcessesParent_IsReadOnce_WhileBothStayListed()
    {
        var tree = ScannedOnce();
        Entry(200, 101); // would be a descendant if read again
        Assert.That(Below(tree, 100), Is.EqualTo(new[] { 101, 102 }));
    }

    [Test]
    public void AProcessStartedSinceTheLastScan_IsFound()
    {
        var tree = ScannedOnce();
        Entry(103, 102);
        Assert.That(Below(tree, 100), Is.EqualTo(new[] { 101, 102, 103 }));
    }

    [Test]
    public void AProcessWhoseParentExited_IsReadAgain_UnderItsNewParent()
    {
        var tree = ScannedOnce();
        Gone(101);
        Entry(102, 100); // reparented to 100, a subreaper
        Assert.That(Below(tree, 100), Is.Empty, "the scan that sees its parent gone leaves it out");
        Assert.That(Below(tree, 100), Is.EqualTo(new[] { 102 }), "and the next reads its new parent");
    }

    [Test]
    public void ARecycledPid_IsReadAfresh()
    {
        var tree = ScannedOnce();
        Gone(200);
        Assert.That(Below(tree, 100), Is.EqualTo(new[] { 101, 102 }));
        Entry(200, 102);
        Assert.That(Below(tree, 100), Is.EqualTo(new[] { 101, 102, 200 }));
    }

    [Test]
    public void EveryParent_IsReadAgain_AfterForgetEveryScans()
    {
        var tree = ScannedOnce();
        Entry(200, 101); // recycled between two scans
        var scans = 1;
        while (Below(tree, 100).Count == 2 && scans < 10 * ListedPidMemory.ForgetEvery) scans++;
        Assert.That(scans + 1, Is.EqualTo(ListedPidMemory.ForgetEvery), "the forgetting scan reads it again");
    }

    [TestCase(false, TestName = "OnTheRealProc_AShellsChildren_AreItsDescendants_FromChildrenFilesWhereTheKernelHasThem")]
    [TestCase(true, TestName = "OnTheRealProc_AShellsChildren_AreItsDescendants_FromTheParentScan")]
    public void OnTheRealProc_AShellsChildren_AreItsDescendants(bool scanOnly)
    {
        using var shell = System.Diagnostics.Process.Start("/bin/sh", ["-c", "sleep 30 & sleep 30 & wait"])!;
        try
        {
            var tree = new ProcessTree("/proc", scanOnly);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            List<string> comms;
            List<int> below;
            // Until a forked child has run exec it is still a shell.
            while ((comms = [.. (below = Below(tree, shell.Id)).Select(Comm)]) is not ["sleep", "sleep"] && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.That(comms, Is.EqualTo(new[] { "sleep", "sleep" }));
            Assert.That(Below(tree, Environment.ProcessId), Is.SupersetOf(below.Append(shell.Id)));
        }
        finally
        {
            shell.Kill(entireProcessTree: true);
            shell.WaitForExit();
        }
    }

    private static string Comm(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim(); }
        catch (IOException) { return ""; }
    }

    [Test]
    public void OneScan_ServesEveryQueryOfASample()
    {
        var tree = ScannedOnce();
        Entry(103, 102);
        var found = new List<int>();
        tree.Collect(100, _generation, found); // the same sample as the last scan: no new scan
        Assert.That(found.Order(), Is.EqualTo(new[] { 101, 102 }));
    }
}
