using Odop.Node.Processes;
using Odop.Node.Proc;
using Odop.Node.Tests.Support;

namespace Odop.Node.Tests.Processes;

public sealed class ProcessSignalsTests : ProcessTestBase
{
    [Test]
    public void Signalling_AGroupThatDoesNotExist_ReturnsFalse()
    {
        // pid_max bounds pids, so a group with this id cannot exist.
        Assert.That(ProcessSignals.SendToGroup(4_194_304 + 1, 0), Is.False);
        Assert.That(ProcessSignals.Send(4_194_304 + 1, 0), Is.False);
    }

    [Test]
    public async Task StopAndContinue_ChangeTheStateTheKernelReports()
    {
        var p = Launch("sleep", "30");
        Assert.That(ProcessSignals.SendToGroup(p.Pid, ProcessSignals.SIGSTOP), Is.True);
        await Eventually(() => ProcStatus.Read(p.Pid)?.State == 'T', "stopped");
        Assert.That(ProcessSignals.SendToGroup(p.Pid, ProcessSignals.SIGCONT), Is.True);
        await Eventually(() => ProcStatus.Read(p.Pid)?.State is 'S' or 'R', "running again");
    }

    [Test]
    public async Task SignallingTheGroup_ReachesGrandchildren()
    {
        var p = Launch("sh", "-c", "sleep 30 & sleep 30 & wait");
        await Eventually(() => ProcessTable.ProcessesInGroup(p.Pid).Count == 3, "three processes in the group");
        var members = ProcessTable.ProcessesInGroup(p.Pid);
        p.SignalGroup(ProcessSignals.SIGKILL);
        await Exit(p);
        await Eventually(() => members.All(m => ProcStat.Read(m) is null or { State: 'Z' }), "every member is gone");
    }
}
