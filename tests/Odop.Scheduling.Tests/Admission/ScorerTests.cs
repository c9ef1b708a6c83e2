using Odop.Core.Hardware;

namespace Odop.Scheduling.Tests.Admission;

public class ScorerTests
{
    [Test]
    public void Scoring_PrefersTheCoreWithTheLongestPredictedWindow()
    {
        // Core 0 climbs toward the threshold (a window with an end); core 1 stays quiet (no end).
        double Load(int r, int c) => c == 0 ? 0.0008 * r : 0.02;
        var h = new Harness(2).Run(200, Load);

        h.Enqueue("a").Run(1, Load);

        var start = h.Commands<Start>().Single();
        Assert.That(start.Cpus, Is.EqualTo(CpuSet.Of(1)));
        Assert.That(start.Scores.Single().Parts.Select(p => p.Scorer), Is.EqualTo(new[] { "longest-window", "previous-cores", "numa-packing" }));
        Assert.That(start.Scores.Single().Parts[0].Score, Is.EqualTo(1));
    }

    [Test]
    public void Scoring_PrefersCoresTheExecutionRanOnBefore()
    {
        var h = new Harness(4).Run(30, Harness.Quiet);

        h.Enqueue("a", previous: CpuSet.Of(3)).Run(1, Harness.Quiet);

        Assert.That(h.Commands<Start>().Single().Cpus, Is.EqualTo(CpuSet.Of(3)));
    }

    [Test]
    public void Scoring_PacksATasksCoresOnOneNumaNode()
    {
        // NUMA 0 is cores 0-3, NUMA 1 is 4-7; the simulation keeps 0-2 busy, so NUMA 0 has one idle core left.
        var h = new Harness(8);
        h.Node = h.Node with { Topology = NodeTopology.Uniform(8, numaNodes: 2) };
        double Load(int r, int c) => c < 3 ? Harness.Busy : Harness.Quiet(r, c);
        h.Run(30, Load);

        h.Enqueue("pair", cores: 2).Run(1, Load);

        var start = h.Commands<Start>().Single();
        Assert.That(start.Cpus, Is.EqualTo(CpuSet.Of(4, 5)), "not 3-4, which would straddle the two nodes");
        Assert.That(start.Scores.Select(s => s.Parts.Single(p => p.Scorer == "numa-packing").Score), Is.All.EqualTo(1));
    }

    [Test]
    public void Scoring_TiesGoToTheLowestCoreId()
    {
        var h = new Harness(4).Run(30, (_, _) => 0.02);

        h.Enqueue("a").Run(1, (_, _) => 0.02);

        Assert.That(h.Commands<Start>().Single().Cpus, Is.EqualTo(CpuSet.Of(0)));
    }
}
