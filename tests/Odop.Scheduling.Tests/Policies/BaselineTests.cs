using Odop.Core.Hardware;

namespace Odop.Scheduling.Tests.Policies;

public class BaselineTests
{
    private static SchedulerOptions Policy(PolicyKind kind) => new() { Policy = kind };

    [Test]
    public void Naive_StartsEveryQueuedExecutionAtOnce_Unpinned()
    {
        var h = new Harness(4, Policy(PolicyKind.Naive));
        for (var i = 0; i < 10; i++) h.Enqueue($"e{i}", cores: 2);

        h.Step(Harness.Busy, Harness.Busy, Harness.Busy, Harness.Busy);

        Assert.That(h.Commands<Start>().Count(), Is.EqualTo(10));
        Assert.That(h.Commands<Start>().Select(s => s.Cpus), Is.All.EqualTo(CpuSet.Empty), "an empty set means unpinned");
    }

    [Test]
    public void Naive_NeverPreempts()
    {
        var h = new Harness(2, Policy(PolicyKind.Naive));
        h.Enqueue("a").Step(0.02, 0.02);

        h.Run(100, (_, _) => Harness.Busy);

        Assert.That(h.Log, Has.Count.EqualTo(1));
    }

    [Test]
    public void Threshold_TakesCoresWhoseLastSampleIsUnderTenPercent_LowestFirst_FromTheFirstSample()
    {
        var h = new Harness(4, Policy(PolicyKind.Threshold));

        h.Enqueue("a").Enqueue("b").Enqueue("c").Step(0.05, 0.15, 0.09, 0.5);

        Assert.That(h.Commands<Start>().Select(s => s.Cpus), Is.EqualTo(new[] { CpuSet.Of(0), CpuSet.Of(2) }));
        Assert.That(h.Last.Refusals.Single().Filter, Is.EqualTo("threshold"));
        Assert.That(h.Last.Refusals.Single().Reason, Does.Contain("under 10%"));
    }

    [Test]
    public void Threshold_NeverPreempts()
    {
        var h = new Harness(2, Policy(PolicyKind.Threshold));
        h.Enqueue("a").Step(0.02, 0.02);

        h.Run(100, (_, _) => Harness.Busy);

        Assert.That(h.Log, Has.Count.EqualTo(1));
    }

    [Test]
    public void Threshold_PlacesIntoAGapBetweenBursts_WhereOdopForeseesTheNextBurst()
    {
        // 400 ms compute, 200 ms communicate, over and over: a gap is one or two samples long.
        var trace = Odop.Scheduling.Simulation.SyntheticTraces.Bursty(1, 400, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(200), seed: 5);
        var threshold = new Harness(1, Policy(PolicyKind.Threshold)).Enqueue("a");
        var odop = new Harness(1, Policy(PolicyKind.Odop)).Enqueue("a");

        threshold.Run(400, (r, c) => trace.Usage(r, c));
        odop.Run(400, (r, c) => trace.Usage(r, c));

        Assert.That(threshold.Commands<Start>().Count(), Is.EqualTo(1));
        Assert.That(odop.Commands<Start>(), Is.Empty);
    }
}
