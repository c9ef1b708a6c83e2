using System.Text.Json.Nodes;
using Odop.Engine.Supervision;
using Odop.Engine.Tests.Support;
using Odop.Node.Proc;
using Odop.Node.Processes;

namespace Odop.Engine.Tests.Supervision;

/// <summary>Pause, resume and stop of real process groups.</summary>
public sealed class LifecycleTests : SupervisorTestBase
{
    [Test]
    public async Task PauseAndResume_StopAndContinueTheProcess()
    {
        var e = StartCommand("sleep", "60");
        await Eventually(() => StatusField(e.Pid, "Name") == "sleep", "sleep has exec'd");

        Assert.That(Supervisor.Pause(e.ExecutionId).State, Is.EqualTo(ExecutionProcessState.Paused));
        await Eventually(() => StatusField(e.Pid, "State")?.StartsWith('T') == true, "the kernel reports it stopped");

        Assert.That(Supervisor.Resume(e.ExecutionId).State, Is.EqualTo(ExecutionProcessState.Running));
        await Eventually(() => StatusField(e.Pid, "State") is { } s && !s.StartsWith('T'), "the kernel reports it running");
    }

    [Test]
    public async Task Stop_OfATaskThatIgnoresSigterm_KillsItAfterTheGrace()
    {
        var e = StartCommand("sh", "-c", "trap '' TERM; echo ready; while :; do sleep 0.1; done");
        await UntilLogged(e, "ready");

        var stopping = Supervisor.Stop(e.ExecutionId, TimeSpan.FromSeconds(1));
        var done = await Exited(e);

        Assert.That(stopping.StopRequested, Is.True);
        Assert.That(done.TermSignal, Is.EqualTo(ProcessSignals.SIGKILL));
        Assert.That(done.ExitCode, Is.Null);
        Assert.That(done.StopRequested, Is.True);
    }

    [Test]
    public async Task Stop_EndsTheWholeGroupIncludingGrandchildren()
    {
        // One grandchild ignores SIGTERM too; it must not outlive the stop.
        var e = StartCommand("sh", "-c", "sleep 300 & (trap '' TERM; sleep 300) & echo ready; wait");
        await UntilLogged(e, "ready");
        await Eventually(() => ProcessTable.ProcessesInGroup(e.Pid).Count >= 3, "the grandchildren are up");
        var members = ProcessTable.ProcessesInGroup(e.Pid);

        Supervisor.Stop(e.ExecutionId, TimeSpan.FromSeconds(1));
        var done = await Exited(e);

        Assert.That(done.TermSignal, Is.EqualTo(ProcessSignals.SIGTERM));
        await Eventually(() => members.All(pid => ProcStat.Read(pid) is null or { State: 'Z' }), "every member of the group is gone");
    }

    [Test]
    public async Task Stop_OfAPausedTask_DeliversSigterm()
    {
        var e = StartCommand("sleep", "60");
        await Eventually(() => StatusField(e.Pid, "Name") == "sleep", "sleep has exec'd");
        Supervisor.Pause(e.ExecutionId);
        await Eventually(() => StatusField(e.Pid, "State")?.StartsWith('T') == true, "stopped");

        Supervisor.Stop(e.ExecutionId, TimeSpan.FromSeconds(60));
        var done = await Exited(e);

        Assert.That(done.TermSignal, Is.EqualTo(ProcessSignals.SIGTERM), "ended by SIGTERM, not by the SIGKILL after the grace");
    }

    [Test]
    public async Task Stop_AndPause_AfterExit_DoNotSignalAnything()
    {
        var done = await Exited(StartCommand("true"));
        Assert.That(Supervisor.Stop(done.ExecutionId).State, Is.EqualTo(ExecutionProcessState.Exited));
        Assert.That(Supervisor.Stop(done.ExecutionId).StopRequested, Is.False);
        Assert.Throws<ExecutionConflictException>(() => Supervisor.Pause(done.ExecutionId));
        Assert.Throws<ExecutionNotFoundException>(() => Supervisor.Pause("never-started"));
    }

    [Test]
    public void Start_WithAMissingExecutable_FailsNamingThePath()
    {
        var e = StartCommand("/opt/odop/no-such-binary", "x");

        Assert.That(e.State, Is.EqualTo(ExecutionProcessState.StartFailed));
        Assert.That(e.Pid, Is.EqualTo(0));
        Assert.That(e.Error, Does.Contain("/opt/odop/no-such-binary"));
        Assert.That(Supervisor.List().Single().State, Is.EqualTo(ExecutionProcessState.StartFailed));
        Assert.That(Read(e.StderrPath), Does.Contain("/opt/odop/no-such-binary"));
    }

    [Test]
    public void Start_WithoutModuleOrCommand_FailsNamingTheField()
    {
        var e = Start(new JsonObject { ["input_folder"] = "data" });
        Assert.That(e.State, Is.EqualTo(ExecutionProcessState.StartFailed));
        Assert.That(e.Error, Does.Contain("execution_method.module"));
    }

    [Test]
    public async Task Start_OfALiveId_IsRefused_ButAnEndedIdMayRunAgain()
    {
        var first = StartCommand("sleep", "60");
        Assert.Throws<ExecutionConflictException>(() =>
            Start(new JsonObject { ["command"] = new JsonArray("true") }, id: first.ExecutionId));

        Supervisor.Stop(first.ExecutionId, TimeSpan.FromSeconds(5));
        await Exited(first);
        var again = Start(new JsonObject { ["command"] = new JsonArray("true") }, id: first.ExecutionId);
        Assert.That((await Exited(again)).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public void Start_WithAnIdThatIsNotAFileName_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Start(new JsonObject { ["command"] = new JsonArray("true") }, id: "../escape"));
    }

    [Test]
    public async Task Exit_OfTheLeader_KillsWhatItLeftInItsGroup()
    {
        var e = StartCommand("sh", "-c", "sleep 300 & echo $! > left.pid; exit 0");
        var done = await Exited(e);
        Assert.That(done.ExitCode, Is.EqualTo(0));
        var left = int.Parse(Read(Path.Combine(Dir, "left.pid")).Trim());
        await Eventually(() => ProcStat.Read(left) is null or { State: 'Z' }, "the orphaned sleep is gone");
    }
}
