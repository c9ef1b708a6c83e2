using System.Text;
using Odop.Core.Hardware;
using Odop.Node.Proc;
using Odop.Node.Tests.Support;

namespace Odop.Node.Tests.Proc;

public sealed class ProcReadersTests : ProcessTestBase
{
    [Test]
    public void ProcStatus_OfThisProcess_MatchesTheKernelText()
    {
        var status = ProcStatus.Read(Environment.ProcessId)!;
        Assert.That(status.State, Is.EqualTo('R').Or.EqualTo('S'));
        Assert.That(status.Threads, Is.GreaterThan(1));
        Assert.That(status.RssBytes, Is.GreaterThan(1024 * 1024));
        Assert.That(status.PeakRssBytes, Is.GreaterThanOrEqualTo(status.RssBytes));
        Assert.That(status.PPid, Is.EqualTo(int.Parse(StatusField(Environment.ProcessId, "PPid")!)));
        Assert.That(status.Uid, Is.EqualTo(int.Parse(StatusField(Environment.ProcessId, "Uid")!.Split('\t')[0])));
        Assert.That(status.CpusAllowed, Is.EqualTo(CpuSet.Parse(StatusField(Environment.ProcessId, "Cpus_allowed_list")!)));
    }

    [Test]
    public async Task ProcStat_OfAChild_GivesGroupParentAndCpuTicks()
    {
        var p = Launch("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 30");
        await Eventually(() => ProcStat.Read(p.Pid)?.CpuTicks > 0, "the child used CPU time");
        var stat = ProcStat.Read(p.Pid)!;
        Assert.That(stat.Pid, Is.EqualTo(p.Pid));
        Assert.That(stat.Comm, Is.EqualTo("sh"));
        Assert.That(stat.Pgrp, Is.EqualTo(p.Pid));
        Assert.That(stat.PPid, Is.EqualTo(Environment.ProcessId));
        Assert.That(stat.Threads, Is.EqualTo(1));
        Assert.That(stat.StartTimeTicks, Is.GreaterThan(0));
        Assert.That(stat.Processor, Is.InRange(0, CpuSet.MaxCpuId));
    }

    [Test]
    public void ProcStat_Parse_HandlesParenthesesAndSpacesInComm()
    {
        var fields = string.Join(' ', Enumerable.Range(4, 49));
        var text = Encoding.ASCII.GetBytes($"77 (a) b (c) S {fields}\n");
        var stat = ProcStat.Parse(77, text)!;
        Assert.That(stat.Comm, Is.EqualTo("a) b (c"));
        Assert.That(stat.State, Is.EqualTo('S'));
        Assert.That(stat.PPid, Is.EqualTo(4));
        Assert.That(stat.Pgrp, Is.EqualTo(5));
        Assert.That(stat.UserTicks, Is.EqualTo(14));
        Assert.That(stat.Threads, Is.EqualTo(20));
        Assert.That(stat.Processor, Is.EqualTo(39));
    }

    [Test]
    public void ProcStat_Parse_OfATruncatedLine_IsNull()
    {
        Assert.That(ProcStat.Parse(1, "1 (init) S 0 1"u8), Is.Null);
    }

    [Test]
    public async Task Readers_OfAProcessThatIsGone_ReturnNull()
    {
        var p = Launch("true");
        await Exit(p);
        Assert.That(ProcStatus.Read(p.Pid), Is.Null);
        Assert.That(ProcStat.Read(p.Pid), Is.Null);
        Assert.That(ProcEnviron.TryRead(p.Pid), Is.Null);
        Assert.That(ProcessTable.ProcessesInGroup(p.Pid), Is.Empty);
    }

    [Test]
    public async Task ProcEnviron_ReadsTheChildsEnvironment()
    {
        var env = BaseEnvironment();
        env["ODOP_PROBE"] = "a=b c";
        var p = Launch(Spec("sleep", "30") with { Environment = env });
        await Eventually(() => ProcEnviron.TryRead(p.Pid)?.ContainsKey("ODOP_PROBE") == true, "sleep has exec'd");
        var read = ProcEnviron.TryRead(p.Pid)!;
        Assert.That(read["ODOP_PROBE"], Is.EqualTo("a=b c"));
        Assert.That(read.Count, Is.EqualTo(env.Count));
    }

    [Test]
    public async Task ProcessTable_ListsTheGroupAndTheDescendants()
    {
        var p = Launch("sh", "-c", "sh -c 'sleep 30; true' & wait");
        await Eventually(() => ProcessTable.ProcessesInGroup(p.Pid).Count == 3, "shell, inner shell and sleep");
        var stats = ProcessTable.Scan();
        var below = ProcessTable.DescendantsOf(p.Pid, stats);
        Assert.That(below, Is.EquivalentTo(ProcessTable.ProcessesInGroup(p.Pid)));
        Assert.That(ProcessTable.DescendantsOf(Environment.ProcessId, stats), Is.SupersetOf(below));
    }
}
