using Odop.Core.Workflow;
using Odop.Scheduling.Workflow;
using static Odop.Core.Executions.ExecutionState;
using static Odop.Scheduling.Tests.Workflow.WorkflowFixtures;

namespace Odop.Scheduling.Tests.Workflow;

public class GroupGateTests
{
    [Test]
    public void Sequential_OffersOneMemberAtATime_InEnqueueOrder()
    {
        var g = Group("g", strategy: GroupStrategy.Sequential);
        var flow = new WorkflowFixtures().Add("a", group: g).Add("b", group: g).Add("c", group: g);

        Assert.That(flow.Offered(flow.Evaluate()), Is.EqualTo(new[] { "a" }));
        flow.Set("a", Running);
        var plan = flow.Evaluate();
        Assert.That(flow.Offered(plan), Is.Empty);
        Assert.That(plan.Held[Id("b")], Is.EqualTo("waiting: group g runs 1 at a time (sequential)"));
        flow.Set("a", Succeeded);
        Assert.That(flow.Offered(flow.Evaluate()), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void Parallel_RunsAtMostItsDegree_AndTopsUpAsMembersEnd()
    {
        var g = Group("g", parallelism: 2);
        var flow = new WorkflowFixtures().Add("a", group: g).Add("b", group: g).Add("c", group: g).Add("d", group: g).Add("e", group: g);

        Assert.That(flow.Offered(flow.Evaluate()), Is.EqualTo(new[] { "a", "b" }));
        flow.Set("a", Running).Set("b", Running);
        Assert.That(flow.Offered(flow.Evaluate()), Is.Empty);
        flow.Set("a", Succeeded);
        Assert.That(flow.Offered(flow.Evaluate()), Is.EqualTo(new[] { "c" }));
    }

    [Test]
    public void AMemberWaitingForItsRetry_KeepsItsPlace_SoASequentialGroupStaysInOrder()
    {
        var g = Group("g", strategy: GroupStrategy.Sequential);
        var flow = new WorkflowFixtures().Add("a", group: g, notBefore: T0.AddSeconds(4), retries: 1).Add("b", group: g);

        var plan = flow.Evaluate();

        Assert.That(flow.Offered(plan), Is.Empty);
        Assert.That(plan.Held[Id("a")], Does.StartWith("waiting: retry 1 not before 12:00:04"));
        Assert.That(flow.Offered(flow.Evaluate(T0.AddSeconds(4))), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void FailFast_StopsRunningMembersAtOnce_SkipsQueuedOnes_AndTheGroupFailsAtOnce()
    {
        var g = Group("g", FailureMode.FailFast, parallelism: 2);
        var flow = new WorkflowFixtures().Add("a", Failed, group: g).Add("b", Running, group: g).Add("c", group: g);

        var plan = flow.Evaluate();

        Assert.That(flow.Stopped(plan), Is.EqualTo(new[] { "b" }));
        Assert.That(plan.Stops.Single().Reason, Is.EqualTo($"group g failed fast: member {Id("a")} ended failed"));
        Assert.That(flow.Skipped(plan), Is.EqualTo(new[] { "c" }));
        Assert.That(plan.Groups["g"].State, Is.EqualTo(GroupState.Failed));
        Assert.That(plan.Groups["g"].Done, Is.False, "b has not stopped yet");
    }

    [Test]
    public void WaitCurrent_LetsRunningMembersFinish_ButStartsNoMore()
    {
        var g = Group("g", FailureMode.WaitCurrent, parallelism: 2);
        var flow = new WorkflowFixtures().Add("a", Failed, group: g).Add("b", Running, group: g).Add("c", group: g);

        var plan = flow.Evaluate();

        Assert.That(flow.Stopped(plan), Is.Empty);
        Assert.That(flow.Skipped(plan), Is.EqualTo(new[] { "c" }));
        Assert.That(plan.Skips.Single().Reason, Does.Contain("waitcurrent starts no more"));
        Assert.That(plan.Groups["g"].State, Is.EqualTo(GroupState.Failed));
    }

    [Test]
    public void WaitAll_RunsEveryMember_AndReportsFailureOnlyAtTheEnd()
    {
        var g = Group("g", FailureMode.WaitAll, parallelism: 1);
        var flow = new WorkflowFixtures().Add("a", Failed, group: g).Add("b", group: g);

        var plan = flow.Evaluate();
        Assert.That(flow.Offered(plan), Is.EqualTo(new[] { "b" }));
        Assert.That(plan.Stops, Is.Empty);
        Assert.That(plan.Groups["g"].State, Is.EqualTo(GroupState.Running));

        flow.Set("b", Succeeded);
        var end = flow.Evaluate().Groups["g"];
        Assert.That((end.State, end.Done), Is.EqualTo((GroupState.Failed, true)));
        Assert.That(end.FirstFailure, Is.EqualTo($"member {Id("a")} ended failed"));
    }

    [Test]
    public void AGroupAfterAnother_WaitsUntilThatGroupIsDone()
    {
        var first = Group("first");
        var second = Group("second", after: "first");
        var flow = new WorkflowFixtures().Add("a", Running, group: first).Add("b", group: second);

        var plan = flow.Evaluate();

        Assert.That(plan.Held[Id("b")], Is.EqualTo("waiting: group first (running)"));
        Assert.That(plan.Groups["second"].State, Is.EqualTo(GroupState.Pending));
        flow.Set("a", Succeeded);
        Assert.That(flow.Offered(flow.Evaluate()), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void AfterAFailedGroup_AnOrdinaryGroupIsSkipped_ButARunAlwaysGroupRuns()
    {
        var first = Group("build", FailureMode.WaitAll);
        var flow = new WorkflowFixtures()
            .Add("a", Failed, group: first)
            .Add("report", group: Group("report", FailureMode.FailFast, after: "build"))
            .Add("cleanup", group: Group("cleanup", FailureMode.RunAlways, after: "build"));

        var plan = flow.Evaluate();

        Assert.That(flow.Skipped(plan), Is.EqualTo(new[] { "report" }));
        Assert.That(plan.Skips.Single().Reason, Does.StartWith("group build it follows failed"));
        Assert.That(flow.Offered(plan), Is.EqualTo(new[] { "cleanup" }));
    }

    [Test]
    public void GroupState_IsPendingBeforeAnyStart_RunningAfter_SucceededWhenAllSucceeded()
    {
        var g = Group("g");
        var flow = new WorkflowFixtures().Add("a", group: g).Add("b", group: g);
        Assert.That(flow.Evaluate().Groups["g"].State, Is.EqualTo(GroupState.Pending));
        flow.Set("a", Running);
        Assert.That(flow.Evaluate().Groups["g"].State, Is.EqualTo(GroupState.Running));
        flow.Set("a", Succeeded).Set("b", Succeeded);
        var done = flow.Evaluate().Groups["g"];
        Assert.That((done.State, done.Done), Is.EqualTo((GroupState.Succeeded, true)));
    }
}
