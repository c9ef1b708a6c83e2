using Odop.Core.Workflow;
using static Odop.Core.Executions.ExecutionState;
using static Odop.Scheduling.Tests.Workflow.WorkflowFixtures;

namespace Odop.Scheduling.Tests.Workflow;

public class DependencyGateTests
{
    [Test]
    public void AfterOk_HoldsTheDependentWhileItsDependencyRuns_WithANoteNamingItAndItsState()
    {
        var flow = new WorkflowFixtures().Add("a", Running).Add("b", after: ["a"]);

        var plan = flow.Evaluate();

        Assert.That(flow.Offered(plan), Is.Empty);
        Assert.That(plan.Held[Id("b")], Is.EqualTo($"waiting: dependency {Id("a")} (running)"));
    }

    [Test]
    public void AfterOk_OffersTheDependentOnceEveryDependencySucceeded()
    {
        var flow = new WorkflowFixtures().Add("a", Succeeded).Add("b", Succeeded).Add("c", after: ["a", "b"]);

        Assert.That(flow.Offered(flow.Evaluate()), Is.EqualTo(new[] { "c" }));
    }

    [TestCase(Failed)]
    [TestCase(TimedOut)]
    [TestCase(Stopped)]
    [TestCase(Skipped)]
    public void AfterOk_SkipsTheDependent_WhenADependencyEndsInAnyOtherState(Odop.Core.Executions.ExecutionState ended)
    {
        var flow = new WorkflowFixtures().Add("a", Succeeded).Add("b", ended).Add("c", after: ["a", "b"]);

        var plan = flow.Evaluate();

        Assert.That(flow.Skipped(plan), Is.EqualTo(new[] { "c" }));
        Assert.That(plan.Skips.Single().Reason, Is.EqualTo($"dependency {Id("b")} ended {ended.ToString() switch { "TimedOut" => "timed_out", var s => s.ToLowerInvariant() }}"));
    }

    [Test]
    public void AfterAny_WaitsForAllToEnd_ThenStartsWhateverTheirState()
    {
        var flow = new WorkflowFixtures().Add("a", Failed).Add("b", Running).Add("c", after: ["a", "b"], mode: DependencyMode.AfterAny);

        Assert.That(flow.Offered(flow.Evaluate()), Is.Empty, "b still runs");
        flow.Set("b", TimedOut);
        Assert.That(flow.Offered(flow.Evaluate()), Is.EqualTo(new[] { "c" }));
    }

    [Test]
    public void Skips_Cascade_ThroughAChainOfAfterOkDependents_InOneEvaluation()
    {
        var flow = new WorkflowFixtures().Add("a", Failed).Add("b", after: ["a"]).Add("c", after: ["b"]).Add("d", after: ["c"], mode: DependencyMode.AfterAny);

        var plan = flow.Evaluate();

        Assert.That(flow.Skipped(plan), Is.EqualTo(new[] { "b", "c" }));
        Assert.That(flow.Offered(plan), Is.EqualTo(new[] { "d" }), "afterany runs once c ended, even skipped");
    }

    [Test]
    public void ADependencyWithoutAWorkflowOfItsOwn_IsJudgedByItsState()
    {
        var flow = new WorkflowFixtures().Other("plain", Queued).Add("b", after: ["plain"]);
        Assert.That(flow.Evaluate().Held[Id("b")], Does.Contain("(queued)"));

        flow.Other("plain", Succeeded);
        Assert.That(flow.Offered(flow.Evaluate()), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void ADependencyTheAgentNoLongerKnows_CountsAsEndedAndSucceeded()
    {
        var flow = new WorkflowFixtures().Add("b", after: ["purged long ago"]);

        Assert.That(flow.Offered(flow.Evaluate()), Is.EqualTo(new[] { "b" }));
    }
}
