using Odop.Agent.Tests.Support;
using Odop.Client;
using Odop.Core.Workflow;
using Odop.Protocol;
using Odop.Protocol.V1;
using GroupSpec = Odop.Core.Workflow.GroupSpec;
using RetryPolicy = Odop.Core.Workflow.RetryPolicy;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>Dependencies, retries and groups on a real agent and engine, with real task processes.</summary>
public class WorkflowTests
{
    private static Task<NodeUnderTest> StartAsync() => NodeUnderTest.StartAsync(dir =>
    {
        TestProfiles.Write(dir, "work", "work");
        TestProfiles.Write(dir, "sleep", "sleep");
        TestProfiles.Write(dir, "fail", "fail");
    }, policy: Odop.Scheduling.PolicyKind.Naive); // unpinned: MPI jobs elsewhere on a shared test machine cannot take our cores

    private static QueueElement Element(string task, ExecutionWorkflow? workflow = null, System.Text.Json.Nodes.JsonObject? option = null) =>
        OdopClient.NewElement(task, option).WithWorkflow(workflow ?? ExecutionWorkflow.None);

    private static ExecutionWorkflow After(DependencyMode mode, params string[] ids) =>
        new([.. ids.Select(id => Odop.Core.ExecutionId.Parse(id))], mode, null, null);

    [Test]
    public async Task AfterOk_WaitsForItsDependency_AndIsSkippedWhenItFails_WhileAfterAnyRuns()
    {
        await using var node = await StartAsync();
        var first = Element("fail", option: new() { ["code"] = 4 });
        var okDependent = Element("work", After(DependencyMode.AfterOk, first.ExecutionId));
        var anyDependent = Element("work", After(DependencyMode.AfterAny, first.ExecutionId));
        await node.Client.EnqueueBatchAsync([first, okDependent, anyDependent]);

        var skipped = await node.WaitForStateAsync(okDependent.ExecutionId, ExecutionState.Skipped);
        var ran = await node.WaitForStateAsync(anyDependent.ExecutionId, ExecutionState.Succeeded);

        Assert.That(skipped.Reason, Is.EqualTo($"dependency {first.ExecutionId} ended failed"));
        Assert.That(skipped.Transitions.Select(t => t.To), Is.EqualTo(new[] { ExecutionState.Skipped }), "never started");
        Assert.That(ran.StartedAtUnixMs, Is.GreaterThanOrEqualTo((await node.Client.GetAsync(first.ExecutionId)).EndedAtUnixMs));
    }

    [Test]
    public async Task AWaitingDependent_SaysWhatItWaitsFor()
    {
        await using var node = await StartAsync();
        var first = Element("sleep", option: new() { ["seconds"] = 300 });
        var dependent = Element("work", After(DependencyMode.AfterOk, first.ExecutionId));
        await node.Client.EnqueueBatchAsync([first, dependent]);
        await node.WaitForStateAsync(first.ExecutionId, ExecutionState.Running);

        var explained = $"waiting: dependency {first.ExecutionId} (running)";
        var waiting = await node.WaitForAsync(dependent.ExecutionId, e => e.Reason == explained, "explained");

        Assert.That(waiting.State, Is.EqualTo(ExecutionState.Queued));
        await node.Client.StopAsync(first.ExecutionId);
        var skipped = await node.WaitForStateAsync(dependent.ExecutionId, ExecutionState.Skipped);
        Assert.That(skipped.Reason, Is.EqualTo($"dependency {first.ExecutionId} ended stopped"));
    }

    [Test]
    public async Task UnknownDependenciesAndCycles_AreRefused_AndTheQueueIsUnchanged()
    {
        await using var node = await StartAsync();
        var kept = (await node.Client.EnqueueAsync("sleep", new() { ["seconds"] = 300 })).ExecutionId;
        var ghost = Guid.NewGuid().ToString();
        var a = Element("work");
        var b = Element("work", After(DependencyMode.AfterOk, a.ExecutionId));
        a.After.Add(b.ExecutionId);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => node.Client.EnqueueBatchAsync([Element("work"), Element("work", After(DependencyMode.AfterOk, ghost))]));
        var cycle = await Assert.ThrowsAsync<RpcException>(() => node.Client.EnqueueBatchAsync([a, b]));

        Assert.That((unknown!.Status, unknown.Detail), Is.EqualTo((StatusCode.InvalidArgument, $"after: unknown execution id(s) {ghost}")));
        Assert.That(cycle!.Status, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(cycle.Detail, Is.EqualTo($"after: dependency cycle {a.ExecutionId} -> {b.ExecutionId} -> {a.ExecutionId}"));
        Assert.That((await node.Client.ListAsync()).Select(e => e.ExecutionId), Is.EqualTo(new[] { kept }), "nothing of the refused batches, the queued one kept");
    }

    [Test]
    public async Task AFailingExecutionWithRetries_RunsAgainAfterItsBackoff_ThenFailsForGoodWithTheLastError()
    {
        await using var node = await StartAsync();
        var element = Element("fail", new ExecutionWorkflow([], DependencyMode.AfterOk, new RetryPolicy(2, TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(1)), null));
        await node.Client.EnqueueBatchAsync([element]);

        var failed = await node.WaitForStateAsync(element.ExecutionId, ExecutionState.Failed);

        Assert.That(failed.Reason, Is.EqualTo("exit code 3 (gave up after 2 retries)"));
        Assert.That((failed.Retries, failed.MaxRetries), Is.EqualTo((2, 2)));
        var requeues = failed.Transitions.Where(t => t.To == ExecutionState.Queued).ToList();
        Assert.That(requeues.Select(t => t.Reason), Is.EqualTo(new[] { "exit code 3; retry 1 of 2 in 1s", "exit code 3; retry 2 of 2 in 2s" }));
        var starts = failed.Transitions.Where(t => t.To == ExecutionState.Starting).Select(t => t.AtUnixMs).ToList();
        Assert.That(starts, Has.Count.EqualTo(3));
        Assert.That(starts[1] - requeues[0].AtUnixMs, Is.GreaterThanOrEqualTo(1000), "the first retry waited its backoff");
        Assert.That(starts[2] - requeues[1].AtUnixMs, Is.GreaterThanOrEqualTo(2000), "the second waited twice as long");
    }

    [Test]
    public async Task AWaitAllGroup_RunsEveryMemberDespiteAFailure_AndReportsFailedAtTheEnd()
    {
        await using var node = await StartAsync();
        var group = new GroupSpec("checks", GroupStrategy.Sequential, FailureMode.WaitAll);
        var members = new[] { Element("fail"), Element("work"), Element("work") };
        foreach (var m in members) m.WithWorkflow(ExecutionWorkflow.None.WithGroup(group));
        await node.Client.EnqueueBatchAsync(members);

        var status = await WaitForGroupAsync(node, "checks");

        Assert.That((status.State, status.Done), Is.EqualTo(("failed", true)));
        Assert.That(status.Members.Select(m => m.State), Is.EqualTo(new[] { ExecutionState.Failed, ExecutionState.Succeeded, ExecutionState.Succeeded }));
        Assert.That(status.FirstFailure, Is.EqualTo($"member {members[0].ExecutionId} ended failed"));
    }

    [Test]
    public async Task AFailFastGroup_StopsItsRunningMember_AndSkipsTheRest()
    {
        Assume.That(Odop.Node.Affinity.OfCurrentProcess().Count, Is.GreaterThanOrEqualTo(2), "two members must run side by side");
        await using var node = await StartAsync();
        var group = new GroupSpec("fast", GroupStrategy.Parallel, FailureMode.FailFast, parallelism: 2);
        var sleeper = Element("sleep", option: new() { ["seconds"] = 300 });
        var failing = Element("fail");
        var never = Element("work");
        foreach (var m in new[] { sleeper, failing, never }) m.WithWorkflow(ExecutionWorkflow.None.WithGroup(group));
        await node.Client.EnqueueBatchAsync([sleeper, failing, never]);

        var status = await WaitForGroupAsync(node, "fast", seconds: 120);

        var byId = status.Members.ToDictionary(m => m.ExecutionId);
        Assert.That(status.State, Is.EqualTo("failed"));
        Assert.That(byId[failing.ExecutionId].State, Is.EqualTo(ExecutionState.Failed));
        Assert.That(byId[sleeper.ExecutionId].State, Is.EqualTo(ExecutionState.Stopped), "stopped at once, not after its 300 s");
        Assert.That(byId[sleeper.ExecutionId].Reason, Is.EqualTo($"group fast failed fast: member {failing.ExecutionId} ended failed"));
        Assert.That(byId[never.ExecutionId].State, Is.EqualTo(ExecutionState.Skipped));
    }

    private static async Task<Group> WaitForGroupAsync(NodeUnderTest node, string name, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        Group group;
        do
        {
            group = await node.Client.GetGroupAsync(name);
            if (group.Done) return group;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"group {name} never finished: {group}");
        return group;
    }
}
