using Odop.Core.Hardware;

namespace Odop.Scheduling.Tests.Admission;

/// <summary>
/// A core no simulation rank is bound to skips the predictor's warm-up once it has been quiet for a few
/// samples; every other core still waits for the warm-up (about a second at 100 ms samples).
/// </summary>
public class UnboundCoreTests
{
    private static double RankOnCpu0(int round, int core) => core == 0 ? Harness.Busy : Harness.Quiet(round, core);

    private static int FirstStartRound(Harness h) => h.Log.First(e => e.Command is Start).Round;

    [Test]
    public void ACoreNoRankIsBoundTo_TakesASideTaskAfterThreeQuietSamples()
    {
        var h = new Harness(2);
        h.Node = h.Node with { SimulationCpus = CpuSet.Of(0) };

        h.Enqueue("a").Run(3, RankOnCpu0);

        Assert.That(h.Commands<Start>().Single().Cpus, Is.EqualTo(CpuSet.Of(1)));
        Assert.That(FirstStartRound(h), Is.EqualTo(2), "the third sample is the first with three quiet ones");
    }

    [Test]
    public void WithoutKnownRanks_TheSameCoreWaitsForTheWarmUp()
    {
        var h = new Harness(2);

        h.Enqueue("a").Run(3, RankOnCpu0);
        Assert.That(h.Commands<Start>(), Is.Empty, "no rank is known: the quiet core may be one the simulation is about to take");

        h.Run(20, RankOnCpu0);
        Assert.That(FirstStartRound(h), Is.GreaterThanOrEqualTo(10));
        Assert.That(h.CpusOf("a"), Is.EqualTo(CpuSet.Of(1)));
    }

    [Test]
    public void TheRanksOwnQuietCore_StillWaitsForTheWarmUp()
    {
        var h = new Harness(2);
        h.Node = h.Node with { SimulationCpus = CpuSet.Of(0) };

        h.Enqueue("a").Enqueue("b").Run(3, Harness.Quiet);

        Assert.That(h.Commands<Start>().Select(s => s.Cpus), Is.EqualTo(new[] { CpuSet.Of(1) }), "CPU 0 is a rank's: its rhythm is what the warm-up learns");
    }

    [Test]
    public void AnUnboundCoreBusyWhileTheJobLaunched_TakesATaskOnceItsLastThreeSamplesAreQuiet()
    {
        var h = new Harness(2);
        h.Node = h.Node with { SimulationCpus = CpuSet.Of(0) };

        h.Enqueue("a").Run(5, (round, core) => round == 1 ? Harness.Busy : RankOnCpu0(round, core));

        Assert.That(h.Commands<Start>().Single().Cpus, Is.EqualTo(CpuSet.Of(1)));
        Assert.That(FirstStartRound(h), Is.EqualTo(4), "rounds 2-4 are quiet; the busy round 1 was the launch, not the simulation");
    }

    [Test]
    public void AnUnboundCoreBusyInOneOfItsLastThreeSamples_Waits()
    {
        var h = new Harness(2);
        h.Node = h.Node with { SimulationCpus = CpuSet.Of(0) };

        h.Enqueue("a").Run(4, (round, core) => round == 2 ? Harness.Busy : RankOnCpu0(round, core));

        Assert.That(h.Commands<Start>(), Is.Empty);
    }

    [Test]
    public void ZeroQuietSamples_SwitchesItOff()
    {
        var h = new Harness(2, new SchedulerOptions { UnboundCoreQuietSamples = 0 });
        h.Node = h.Node with { SimulationCpus = CpuSet.Of(0) };

        h.Enqueue("a").Run(5, RankOnCpu0);

        Assert.That(h.Commands<Start>(), Is.Empty);
    }
}
