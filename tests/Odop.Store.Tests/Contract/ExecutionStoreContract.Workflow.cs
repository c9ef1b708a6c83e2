using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Workflow;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Contract;

public abstract partial class ExecutionStoreContract
{
    protected static ExecutionWorkflow SampleWorkflow(ExecutionId dependency) => new(
        [dependency], DependencyMode.AfterAny, new RetryPolicy(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(5)),
        new GroupSpec("nightly", GroupStrategy.Parallel, FailureMode.WaitCurrent, 4, ["prepare"]));

    [Test]
    public async Task AWorkflow_IsStoredWithTheExecution_AndReadBackWhole()
    {
        var dependency = await EnqueuedAsync();
        var record = NewRecord();
        record.Workflow = SampleWorkflow(dependency.Id);

        await Store.EnqueueAsync([record]);
        var stored = (await Store.GetAsync(record.Id))!.Workflow;

        Assert.That(stored.ToJson().ToJsonString(), Is.EqualTo(record.Workflow.ToJson().ToJsonString()));
        Assert.That(stored.After, Is.EqualTo(new[] { dependency.Id }));
        Assert.That(stored.Group!.FailureMode, Is.EqualTo(FailureMode.WaitCurrent));
        Assert.That((await Store.GetAsync(dependency.Id))!.Workflow.IsEmpty, Is.True, "an execution without a workflow has none");
    }

    [Test]
    public async Task ARetry_RunningBackToQueued_KeepsItsCountAndNotBeforeTime_WithTheTransition()
    {
        var record = await InStateAsync(Running);
        var notBefore = T0.AddSeconds(4);

        var result = await Store.TryTransitionAsync(record.Id, Running, Queued, T0.AddSeconds(1), "exit code 1; retry 2 of 3 in 4s",
            new ExecutionChanges { Retries = 2, NotBefore = notBefore });

        Assert.That(result.Applied, Is.True);
        var stored = (await Store.GetAsync(record.Id))!;
        Assert.That((stored.State, stored.Retries, stored.NotBefore), Is.EqualTo((Queued, 2, (DateTimeOffset?)notBefore)));
        Assert.That(stored.Transitions[^1].Reason, Is.EqualTo("exit code 1; retry 2 of 3 in 4s"));
        Assert.That((await Store.LoadLiveAndQueuedAsync()).Queued.Select(q => q.Id), Does.Contain(record.Id), "a retry waits in the queue");
    }

    [Test]
    public async Task LoadWorkflow_ReturnsEveryExecutionWithAWorkflowOrRetryState_EndedOnesIncluded()
    {
        var plain = await EnqueuedAsync();
        var member = NewRecord();
        member.Workflow = SampleWorkflow(plain.Id);
        await Store.EnqueueAsync([member]);
        await DriveAsync(member.Id, T0, Starting, Running, Failed);
        var retried = await InStateAsync(Running);
        await Store.TryTransitionAsync(retried.Id, Running, Queued, T0, "exit code 1; retry 1 of 1 in 2s", new ExecutionChanges { Retries = 1, NotBefore = T0.AddSeconds(2) });

        var loaded = await Store.LoadWorkflowAsync();

        Assert.That(loaded.Select(r => r.Id), Is.EquivalentTo(new[] { member.Id, retried.Id }));
        Assert.That(loaded.Single(r => r.Id == member.Id).State, Is.EqualTo(Failed));
    }
}
