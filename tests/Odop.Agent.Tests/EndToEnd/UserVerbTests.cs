using Odop.Agent.Tests.Support;
using Odop.Core.Hardware;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <remarks>
/// These run the static policy (fixed cores, no load check, no preemption): they are about what a user's verb
/// does, and the odop policy would (rightly) hold back, pause or move tasks whenever test noise makes a core look busy.
/// </remarks>
public class UserVerbTests
{
    private const Odop.Scheduling.PolicyKind NoPreemption = Odop.Scheduling.PolicyKind.Static;

    [Test]
    public async Task PauseResumeStop_ActOnTheRealProcess()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), policy: NoPreemption);
        var id = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        var running = await node.WaitForStateAsync(id, ExecutionState.Running);
        var pid = running.Pid;
        Assert.That(Proc.State(pid), Is.Not.EqualTo('T'));

        var paused = await node.Client.PauseAsync(id);
        Assert.That(paused.State, Is.EqualTo(ExecutionState.Paused));
        // kill(2) only queues SIGSTOP; the process stops when it next runs, which on a loaded node is later.
        await RunToCompletionTests.WaitUntil(() => Proc.State(pid) == 'T', "/proc to say the paused process is stopped");

        var resumed = await node.Client.ResumeAsync(id);
        Assert.That(resumed.State, Is.EqualTo(ExecutionState.Running));
        Assert.That(Proc.State(pid), Is.Not.EqualTo('T'));

        var stopped = await node.Client.StopAsync(id);
        Assert.That(stopped.State, Is.EqualTo(ExecutionState.Stopped));
        await RunToCompletionTests.WaitUntil(() => !Proc.Exists(pid), "the process to be gone");
    }

    [Test]
    public async Task StoppingAPausedTask_WakesItForTheStop_AndTheHistorySaysSo()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), policy: NoPreemption);
        var id = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        await node.WaitForStateAsync(id, ExecutionState.Running);
        await node.Client.PauseAsync(id);

        await node.Client.StopAsync(id);
        var stopped = await node.WaitForStateAsync(id, ExecutionState.Stopped);

        Assert.That(stopped.Transitions.Select(t => (t.To, t.Reason)).TakeLast(3), Is.EqualTo(new[]
        {
            (ExecutionState.Paused, "paused by user"),
            (ExecutionState.Running, "woken to receive its stop"),
            (ExecutionState.Stopped, "stopped by user"),
        }));
    }

    [Test]
    public async Task RunningTask_IsPinnedAsTheKernelReportsIt()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), policy: NoPreemption);
        var id = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        var running = await node.WaitForStateAsync(id, ExecutionState.Running);

        var kernel = CpuSet.Parse(Proc.StatusField(running.Pid, "Cpus_allowed_list")!);
        Assert.That(kernel, Is.EqualTo(CpuSet.Of(running.Placement.Cpus)));
        Assert.That(kernel.Count, Is.EqualTo(1));
        Assert.That(File.ReadAllText($"/proc/{running.Pid}/stat").Split(' ')[4], Is.EqualTo(running.Pid.ToString()), "own process group");
        await node.Client.StopAsync(id);
    }

    [Test]
    public async Task SkipAndStop_CancelQueuedExecutions_AndStartNeedsAFreeCore()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), TestCpus.AllButOne(), policy: NoPreemption);
        var holder = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        await node.WaitForStateAsync(holder, ExecutionState.Running);
        var toSkip = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        var toStop = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        var waiting = await node.WaitForAsync(toSkip, e => e.Reason.StartsWith("waiting", StringComparison.Ordinal), "waiting for a free core");
        Assert.That(waiting.State, Is.EqualTo(ExecutionState.Queued));

        Assert.That((await node.Client.SkipAsync(toSkip)).State, Is.EqualTo(ExecutionState.Skipped));
        Assert.That((await node.Client.StopAsync(toStop)).State, Is.EqualTo(ExecutionState.Stopped));
        var forced = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        var refused = await Assert.ThrowsAsync<RpcException>(() => node.Client.StartAsync(forced));
        Assert.That(refused!.Status, Is.EqualTo(StatusCode.FailedPrecondition));
        var cannotSkip = await Assert.ThrowsAsync<RpcException>(() => node.Client.SkipAsync(holder));
        Assert.That(cannotSkip!.Status, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(cannotSkip!.Detail, Does.Contain("running"));

        await node.Client.StopAsync(holder);
        await node.WaitForStateAsync(forced, ExecutionState.Running);
        await node.Client.StopAsync(forced);
    }

    [Test]
    public async Task Start_RunsAQueuedExecutionAtOnceOnAnUnleasedCore()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep", cpusMin: "500mcpu"), policy: NoPreemption);
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        if (usable.Count < 2) Assert.Ignore("needs two usable CPUs");

        // Fill every core, then one more waits; freeing none, `start` must still refuse (all cores leased).
        var holders = new List<string>();
        for (var i = 0; i < usable.Count; i++) holders.Add((await node.Client.EnqueueAsync("sleep")).ExecutionId);
        foreach (var h in holders) await node.WaitForStateAsync(h, ExecutionState.Running);
        var extra = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        await Assert.ThrowsAsync<RpcException>(() => node.Client.StartAsync(extra));

        await node.Client.StopAsync(holders[0]);
        await node.WaitForStateAsync(extra, ExecutionState.Running);
        foreach (var id in holders.Skip(1).Append(extra)) await node.Client.StopAsync(id);
    }
}
