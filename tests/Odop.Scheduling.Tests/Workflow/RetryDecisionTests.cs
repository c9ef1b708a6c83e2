using Odop.Core.Workflow;
using Odop.Scheduling.Workflow;

namespace Odop.Scheduling.Tests.Workflow;

public class RetryDecisionTests
{
    private static readonly RetryPolicy ThreeRetries = new(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(5));

    [Test]
    public void FailedAttempts_AreRetriedAfter2s4s8s_ThenFailForGoodWithTheLastError()
    {
        // An injected clock: each attempt fails the moment its backoff ends, plus one second of running.
        var clock = WorkflowFixtures.T0;
        var waits = new List<TimeSpan>();
        var retries = 0;
        RetryDecision decision;
        var attempt = 1;
        while ((decision = RetryDecision.After(ThreeRetries, retries, clock, $"exit code {attempt}")).Retry)
        {
            waits.Add(decision.NotBefore - clock);
            Assert.That(decision.Reason, Is.EqualTo($"exit code {attempt}; retry {decision.Number} of 3 in {waits[^1].TotalSeconds}s"));
            retries = decision.Number;
            clock = decision.NotBefore + TimeSpan.FromSeconds(1);
            attempt++;
        }

        Assert.That(waits, Is.EqualTo(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8) }));
        Assert.That(decision.Reason, Is.EqualTo("exit code 4 (gave up after 3 retries)"));
    }

    [Test]
    public void TheBackoff_NeverExceedsMaxBackoff()
    {
        var policy = new RetryPolicy(20, TimeSpan.FromSeconds(2), 10, TimeSpan.FromMinutes(5));

        Assert.That(policy.DelayBefore(3), Is.EqualTo(TimeSpan.FromSeconds(200)));
        Assert.That(policy.DelayBefore(4), Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(policy.DelayBefore(20), Is.EqualTo(TimeSpan.FromMinutes(5)));
    }

    [Test]
    public void WithoutAPolicy_AFailureIsFinal_WithItsOwnError()
    {
        var decision = RetryDecision.After(null, 0, WorkflowFixtures.T0, "exit code 1");

        Assert.That((decision.Retry, decision.Reason), Is.EqualTo((false, "exit code 1")));
    }

    [Test]
    public void AQueuedRetry_IsHeldByTheGateUntilItsNotBeforeTime()
    {
        var flow = new WorkflowFixtures().Add("a", notBefore: WorkflowFixtures.T0.AddSeconds(2), retries: 1);

        Assert.That(flow.Offered(flow.Evaluate(WorkflowFixtures.T0.AddSeconds(1.9))), Is.Empty);
        Assert.That(flow.Offered(flow.Evaluate(WorkflowFixtures.T0.AddSeconds(2))), Is.EqualTo(new[] { "a" }));
    }
}
