using Odop.Core.Hardware;

namespace Odop.Scheduling.Tests.Admission;

public class FilterTests
{
    private static Refusal OnlyRefusal(Harness h) => h.Last.Refusals.Single();

    [Test]
    public void EnoughCores_RefusesARequestBiggerThanTheNode()
    {
        var h = new Harness(4).Run(30, Harness.Quiet);

        h.Enqueue("big", cores: 8).Run(1, Harness.Quiet);

        Assert.That(OnlyRefusal(h).Filter, Is.EqualTo("enough-cores"));
        Assert.That(OnlyRefusal(h).Reason, Does.Contain("needs 8 core(s)").And.Contain("lets side tasks use 4"));
    }

    [Test]
    public void FreeCore_RefusesWhenTheIdleCoresAreExcludedOrHeld()
    {
        var h = new Harness(2).Run(30, Harness.Quiet);
        h.Node = h.Node with { ExcludedCpus = CpuSet.Of(1) };
        h.Enqueue("a").Enqueue("b").Run(1, Harness.Quiet);

        Assert.That(h.Commands<Start>().Single().Cpus, Is.EqualTo(CpuSet.Of(0)));
        Assert.That(OnlyRefusal(h).Filter, Is.EqualTo("free-core"));
        Assert.That(OnlyRefusal(h).Reason, Does.Contain("neither excluded nor held").And.Contain("0-1"));
    }

    [Test]
    public void IdleWindow_RefusesOnABusyNode_NamingTheBusyCores()
    {
        var h = new Harness(2).Run(30, (_, _) => Harness.Busy);

        h.Enqueue("a").Run(1, (_, _) => Harness.Busy);

        Assert.That(OnlyRefusal(h).Filter, Is.EqualTo("idle-window"));
        Assert.That(OnlyRefusal(h).Reason, Does.Contain("predicted idle").And.Contain("not idle: 0-1"));
        Assert.That(h.Last.Summary.Candidates, Is.Zero);
    }

    [Test]
    public void SmtSibling_SkipsTheSiblingOfABusyRank()
    {
        // Cores 0 and 2 share a physical core, as do 1 and 3; a rank keeps core 0 busy.
        var h = new Harness(4);
        h.Node = h.Node with { Topology = NodeTopology.Uniform(4, threadsPerCore: 2) };
        double Load(int r, int c) => c == 0 ? Harness.Busy : Harness.Quiet(r, c);
        h.Run(30, Load);

        h.Enqueue("a", cores: 2).Enqueue("b").Run(1, Load);

        Assert.That(h.Commands<Start>().Single().Cpus, Is.EqualTo(CpuSet.Of(1, 3)));
        Assert.That(OnlyRefusal(h).Filter, Is.EqualTo("smt-sibling"));
        Assert.That(OnlyRefusal(h).Reason, Does.Contain("siblings of busy cores: 2"));
    }

    [Test]
    public void SmtSibling_CanBeSwitchedOff()
    {
        var h = new Harness(2, new SchedulerOptions { AvoidSmtSiblings = false });
        h.Node = h.Node with { Topology = NodeTopology.Uniform(2, threadsPerCore: 2) };
        h.Run(30, (r, c) => c == 0 ? Harness.Busy : 0.02);

        h.Enqueue("a").Run(1, (r, c) => c == 0 ? Harness.Busy : 0.02);

        Assert.That(h.Commands<Start>().Single().Cpus, Is.EqualTo(CpuSet.Of(1)));
    }

    [Test]
    public void ReclaimCooldown_KeepsAJustReclaimedCoreBack()
    {
        var h = new Harness(1, new SchedulerOptions { ReuseAfterIdleSamples = 50 }).Run(30, Harness.Quiet);
        h.Enqueue("a").Run(1, Harness.Quiet);
        h.Run(2, (_, _) => Harness.Busy);
        h.Enqueue("b");

        h.Run(30, Harness.Quiet);

        Assert.That(h.Commands<Resume>(), Is.Empty);
        Assert.That(OnlyRefusal(h).Filter, Is.EqualTo("reclaim-cooldown"));
        Assert.That(OnlyRefusal(h).Reason, Does.Contain("idle 50 samples in a row").And.Contain("cooling: 0"));
    }

    [Test]
    public void Memory_RefusesWhenMemoryMinExceedsAvailableLessTheMargin()
    {
        var h = new Harness(2).Run(30, Harness.Quiet);
        h.Node = h.Node with { TotalMemoryBytes = 100L << 30, AvailableMemoryBytes = 12L << 30 }; // margin 10 Gi

        h.Enqueue("small", memory: 1L << 30).Enqueue("large", memory: 4L << 30).Run(1, Harness.Quiet);

        Assert.That(h.Commands<Start>().Single().ExecutionId, Is.EqualTo("small"));
        Assert.That(OnlyRefusal(h).Filter, Is.EqualTo("memory"));
        Assert.That(OnlyRefusal(h).Reason, Does.Contain("needs memory.min 4Gi").And.Contain("1Gi left after the 10Gi safety margin"));
    }

    [Test]
    public void Memory_AConfiguredMarginReplacesTheShareOfTotal()
    {
        var h = new Harness(1, new SchedulerOptions { MemorySafetyBytes = 1L << 30 }).Run(30, Harness.Quiet);
        h.Node = h.Node with { TotalMemoryBytes = 100L << 30, AvailableMemoryBytes = 5L << 30 };

        h.Enqueue("a", memory: 4L << 30).Run(1, Harness.Quiet);

        Assert.That(h.Commands<Start>().Count(), Is.EqualTo(1));
    }

    [Test]
    public void TimeWindow_RefusesATaskLongerThanThePredictedWindow_ButNotOneThatFits()
    {
        // The load climbs slowly toward the idle threshold: idle for the 2 s horizon, but not for long.
        var h = new Harness(1);
        h.Run(200, (r, _) => 0.0008 * r + 0.002 * ((r * 7 % 5) - 2));
        var window = h.Scheduler.Predictor[0]!.IdleSteps(0.2, 600);
        Assert.That(window, Is.InRange(20, 599), "a finite window longer than the horizon");

        h.Enqueue("long", time: TimeSpan.FromSeconds(55)).Enqueue("short", time: TimeSpan.FromSeconds(1));
        h.Run(1, (r, _) => 0.0008 * r);

        Assert.That(h.Commands<Start>().Single().ExecutionId, Is.EqualTo("short"));
        Assert.That(OnlyRefusal(h).Filter, Is.EqualTo("time-window"));
        Assert.That(OnlyRefusal(h).Reason, Does.Contain("estimated time 55s is longer than the predicted idle window"));
    }

    [Test]
    public void TimeWindow_AllowsAnyLengthWhereTheWindowHasNoPredictedEnd()
    {
        var h = new Harness(1).Run(30, Harness.Quiet);

        h.Enqueue("long", time: TimeSpan.FromHours(5)).Run(1, Harness.Quiet);

        Assert.That(h.Commands<Start>().Single().Reason, Does.Contain("no end in sight"));
    }

    [Test]
    public void Walk_StopsAtOnceWhenNoCoreIsACandidate_ExplainingOnlyTheHead()
    {
        var h = new Harness(8).Run(30, (_, _) => Harness.Busy);
        for (var i = 0; i < 10_000; i++) h.Enqueue($"e{i}");

        h.Run(1, (_, _) => Harness.Busy);

        Assert.That(h.Last.RefusedCount, Is.EqualTo(1));
        Assert.That(OnlyRefusal(h).ExecutionId, Is.EqualTo("e0"));
        Assert.That(h.Last.Note, Does.Contain("10000 queued; 0 of 8 usable cores are candidates"));
    }

    [Test]
    public void Walk_BackfillsASmallerRequestPastOneThatDoesNotFit()
    {
        var h = new Harness(4).Run(30, (r, c) => c < 2 ? Harness.Busy : Harness.Quiet(r, c));

        h.Enqueue("big", cores: 3).Enqueue("small", cores: 2).Run(1, (r, c) => c < 2 ? Harness.Busy : Harness.Quiet(r, c));

        Assert.That(h.Commands<Start>().Single().ExecutionId, Is.EqualTo("small"));
        Assert.That(h.Commands<Start>().Single().Cpus, Is.EqualTo(CpuSet.Of(2, 3)));
        Assert.That(OnlyRefusal(h).ExecutionId, Is.EqualTo("big"));
    }

    [Test]
    public void FullyBusyNode_NeverGetsAPlacement()
    {
        foreach (var policy in new[] { PolicyKind.Odop, PolicyKind.Threshold })
        {
            var trace = Odop.Scheduling.Simulation.SyntheticTraces.FullyBusy(8, 1_000, seed: 3);
            var h = new Harness(8, new SchedulerOptions { Policy = policy });
            for (var i = 0; i < 50; i++) h.Enqueue($"e{i}", cores: 1 + i % 3);

            h.Run(trace.Length, (r, c) => trace.Usage(r, c));

            Assert.That(h.Commands<Start>(), Is.Empty, policy.ToString());
        }
    }
}
