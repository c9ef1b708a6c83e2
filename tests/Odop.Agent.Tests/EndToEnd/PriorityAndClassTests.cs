using System.Text.Json.Nodes;
using Odop.Agent.Tests.Support;
using Odop.Core.Hardware;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <remarks>Static policy, as in <see cref="UserVerbTests"/>: the order and the class rule are under test, not the load prediction.</remarks>
public class PriorityAndClassTests
{
    private const Odop.Scheduling.PolicyKind NoPreemption = Odop.Scheduling.PolicyKind.Static;

    // Only ranks under this test process are a simulation: MPI jobs others run on the machine must not take our cores.
    private static readonly int OurProcessTree = Environment.ProcessId;

    [Test]
    public async Task RaisingTheLastQueuedExecutionsPriority_MakesItStartFirst_AndIsInItsHistory()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), TestCpus.AllButOne(), policy: NoPreemption, simulationRootPid: OurProcessTree);
        var holder = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        await node.WaitForStateAsync(holder, ExecutionState.Running);
        var first = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        var second = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        var last = (await node.Client.EnqueueAsync("sleep")).ExecutionId;

        var raised = await node.Client.SetPriorityAsync(last, 10);
        await node.Client.StopAsync(holder);

        Assert.That(raised.Priority, Is.EqualTo(10));
        Assert.That(raised.Transitions.Last().Reason, Is.EqualTo("priority 0 → 10 (set by user)"));
        var started = await node.WaitForStateAsync(last, ExecutionState.Running);
        Assert.That((await node.Client.GetAsync(first)).State, Is.EqualTo(ExecutionState.Queued));
        Assert.That((await node.Client.GetAsync(second)).State, Is.EqualTo(ExecutionState.Queued));
        Assert.That(started.Transitions.Select(t => (t.From, t.To)).Take(2), Is.EqualTo(new[]
        {
            (ExecutionState.Queued, ExecutionState.Queued), (ExecutionState.Queued, ExecutionState.Starting),
        }));
        foreach (var id in new[] { last, first, second }) await node.Client.StopAsync(id);
    }

    [Test]
    public async Task SetPriority_OnAnUnknownId_IsNotFound_AndOnARunningOne_IsAFailedPrecondition()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), policy: NoPreemption, simulationRootPid: OurProcessTree);
        var running = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        await node.WaitForStateAsync(running, ExecutionState.Running);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => node.Client.SetPriorityAsync(Guid.NewGuid().ToString(), 3));
        var started = await Assert.ThrowsAsync<RpcException>(() => node.Client.SetPriorityAsync(running, 3));
        var malformed = await Assert.ThrowsAsync<RpcException>(() => node.Client.SetPriorityAsync("not-a-uuid", 3));

        Assert.That(unknown!.Status, Is.EqualTo(StatusCode.NotFound));
        Assert.That(started!.Status, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(started.Detail, Does.Contain("it is running"));
        Assert.That(malformed!.Status, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That((await node.Client.GetAsync(running)).Priority, Is.Zero);
        await node.Client.StopAsync(running);
    }

    [Test]
    public async Task ANormalExecution_WaitsBesideARunningExclusiveOne_WithTheClassAsItsReason()
    {
        if (Odop.Node.Affinity.OfCurrentProcess().Count < 2) Assert.Ignore("needs two usable cores to show that the class, not a core, holds it back");
        await using var node = await NodeUnderTest.StartAsync(dir =>
        {
            ProfileKeys.With(TestProfiles.Write(dir, "measure", "sleep"), ("class", "exclusive"));
            TestProfiles.Write(dir, "sleep", "sleep");
        }, policy: NoPreemption, simulationRootPid: OurProcessTree);
        var exclusive = (await node.Client.EnqueueAsync("measure")).ExecutionId;
        await node.WaitForStateAsync(exclusive, ExecutionState.Running);

        var normal = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        var background = (await node.Client.EnqueueAsync("sleep", executionClass: "background")).ExecutionId;

        var waiting = await node.WaitForAsync(normal, e => e.Reason.StartsWith("waiting", StringComparison.Ordinal), "waiting");
        Assert.That(waiting.Reason, Is.EqualTo($"waiting: class: exclusive execution {exclusive} is running"));
        Assert.That(waiting.ExecutionClass, Is.EqualTo("normal"));
        var beside = await node.WaitForStateAsync(background, ExecutionState.Running);
        Assert.That(beside.ExecutionClass, Is.EqualTo("background"));

        await node.Client.StopAsync(exclusive);
        await node.WaitForStateAsync(normal, ExecutionState.Running);
        await node.Client.StopAsync(normal);
        await node.Client.StopAsync(background);
    }

    [Test]
    public async Task AnUnknownClassInAQueueElement_IsRefused_AndNothingIsQueued()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), policy: NoPreemption, simulationRootPid: OurProcessTree);

        var refused = await Assert.ThrowsAsync<RpcException>(() => node.Client.EnqueueAsync("sleep", executionClass: "vip"));

        Assert.That(refused!.Status, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(refused.Detail, Is.EqualTo("element.execution_class: must be one of exclusive, normal, background, not 'vip'"));
        Assert.That(await node.Client.ListAsync(), Is.Empty);
    }
}
