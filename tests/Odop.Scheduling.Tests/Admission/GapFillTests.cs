using Odop.Core.Hardware;
using Odop.Core.Profiles;
using Odop.Scheduling.Placement;

namespace Odop.Scheduling.Tests.Admission;

/// <summary>
/// Gap filling: a rank that sleeps through short I/O phases between compute phases leaves its core idle 15-20 % of
/// the time. Idle cores go first; then each such core lends its gaps to one single-core task under SCHED_IDLE, which
/// leaves when the gaps close and moves to an idle core as soon as one is free. The tier is off by default (`odop run`
/// turns it on for the ranks' cores it reserves), so every test here turns it on.
/// </summary>
public class GapFillTests
{
    private const int Window = 10; // SchedulerOptions.GapFillSamples

    // The rank's core: 78-86 % busy, a few points of jitter, never without a gap.
    private static double Gapped(int round) => 0.82 + 0.02 * ((round * 7 % 5) - 2);

    // CPU 0: the rank with gaps; CPU 1: an idle core no rank is bound to.
    private static double RankWithGaps(int round, int core) => core == 0 ? Gapped(round) : Harness.Quiet(round, core);

    private static readonly SchedulerOptions GapsOn = new() { GapFillMinIdleShare = 0.1 };

    private static Harness Node(SchedulerOptions? options = null)
    {
        var h = new Harness(2, options ?? GapsOn);
        h.Node = h.Node with { SimulationCpus = CpuSet.Of(0) };
        return h;
    }

    private static Start StartOf(Harness h, string id) => h.Commands<Start>().Single(s => s.ExecutionId == id);

    private static int RoundOf<T>(Harness h, string id) where T : SchedulerCommand =>
        h.Log.First(e => e.Command is T && e.Command.ExecutionId == id).Round;

    [Test]
    public void TheIdleCoreGoesFirst_ThenTheRanksGapsTakeOneTask_OnceAWindowOfSamplesShowsThem()
    {
        var h = Node();
        h.Enqueue("a").Enqueue("b").Enqueue("c").Run(Window + 5, RankWithGaps);

        Assert.That(StartOf(h, "a").Cpus, Is.EqualTo(CpuSet.Of(1)));
        var b = StartOf(h, "b");
        Assert.That(b.Cpus, Is.EqualTo(CpuSet.Of(0)));
        Assert.That(b.Reason, Does.Contain("gaps on core 0").And.Contain("18%"));
        Assert.That(RoundOf<Start>(h, "b"), Is.EqualTo(Window - 1), "the tenth sample completes the window");
        Assert.That(h.Queue.Select(r => r.ExecutionId), Is.EqualTo(new[] { "c" }), "one task per gapped core");
    }

    [Test]
    public void ByDefault_GapFillIsOff_AndTheRanksCoreTakesNothing()
    {
        var h = Node(new SchedulerOptions());
        h.Enqueue("a").Enqueue("b").Run(4 * Window, RankWithGaps);

        Assert.That(h.Commands<Start>().Select(s => s.ExecutionId), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void ACoreBusyInEverySample_LendsNothing()
    {
        var h = Node();
        h.Enqueue("a").Enqueue("b").Run(4 * Window, (r, core) => core == 0 ? Harness.Busy : Harness.Quiet(r, core));

        Assert.That(h.Commands<Start>().Select(s => s.ExecutionId), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void ACoreWithTooSmallAGap_LendsNothing()
    {
        var h = Node();
        // 92-93 % busy: under the 10 % minimum idle share.
        h.Enqueue("a").Enqueue("b").Run(4 * Window, (r, core) => core == 0 ? 0.92 + 0.01 * (r % 2) : Harness.Quiet(r, core));

        Assert.That(h.Commands<Start>().Select(s => s.ExecutionId), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void TwoGaplessSamples_AreJitter_AndTheTaskStays()
    {
        var h = Node();
        h.Enqueue("a").Enqueue("b").Run(Window + 2, RankWithGaps);

        h.Run(2, (r, core) => core == 0 ? 0.99 : Harness.Quiet(r, core));
        h.Run(Window, RankWithGaps);

        Assert.That(h.Commands<Pause>(), Is.Empty);
        Assert.That(h.CpusOf("b"), Is.EqualTo(CpuSet.Of(0)));
    }

    [Test]
    public void WhenTheGapsClose_TheTaskLeavesOnTheThirdGaplessSample_AndComesBackAWholeWindowLater()
    {
        var h = Node();
        h.Enqueue("a").Enqueue("b").Run(Window + 2, RankWithGaps);
        Assert.That(h.CpusOf("b"), Is.EqualTo(CpuSet.Of(0)));

        var closed = h.Round;
        h.Run(3, (r, core) => core == 0 ? 0.99 : Harness.Quiet(r, core));
        Assert.That(h.Log.Where(e => e.Command is Pause).Select(e => (e.Round, e.Command.ExecutionId)), Is.EqualTo(new[] { (closed + 2, "b") }),
            "the idle core is held by a: no move, a pause");

        h.Run(Window + 2, RankWithGaps);
        Assert.That(RoundOf<Resume>(h, "b"), Is.EqualTo(closed + 2 + Window),
            "the window qualified again at closed + 10 (two gapless samples left in it), but the core lends its gaps only a whole window after they closed");
        Assert.That(h.CpusOf("b"), Is.EqualTo(CpuSet.Of(0)));
    }

    [Test]
    public void AWindowOnTheEdge_DoesNotPauseAndResumeTheTaskAtEverySample()
    {
        var h = Node();
        h.Enqueue("a").Enqueue("b").Run(Window + 2, RankWithGaps);
        Assert.That(h.CpusOf("b"), Is.EqualTo(CpuSet.Of(0)));

        // A gapless sample every 4th: a window of 10 holds two or three of them, so each new sample can tip it over
        // the allowance or back under it.
        h.Run(4 * Window, (r, core) => core == 0 ? (r % 4 == 0 ? 0.99 : 0.75) : Harness.Quiet(r, core));
        var pauses = h.Log.Count(e => e.Command is Pause && e.Command.ExecutionId == "b");
        var resumes = h.Log.Count(e => e.Command is Resume && e.Command.ExecutionId == "b");
        Assert.That(pauses, Is.InRange(1, 4), "at most one pause per window");
        Assert.That(resumes, Is.InRange(1, 4), "the gaps are lent again, a window later");
    }

    [Test]
    public void ATaskInTheGaps_MovesToAnIdleCoreAsSoonAsOneIsFree_AndTheNextTaskTakesTheGaps()
    {
        var h = Node();
        h.Enqueue("a").Enqueue("b").Enqueue("c").Run(Window + 2, RankWithGaps);

        h.End("a");
        h.Run(1, RankWithGaps);

        Assert.That(h.Last.Commands.OfType<SetAffinity>().Single(), Has.Property("ExecutionId").EqualTo("b").And.Property("Cpus").EqualTo(CpuSet.Of(1)));
        Assert.That(h.Last.Commands.OfType<Start>().Single(), Has.Property("ExecutionId").EqualTo("c").And.Property("Cpus").EqualTo(CpuSet.Of(0)));
    }

    [Test]
    public void ExclusiveMultiCoreAndForcedRequests_StayOutOfTheGaps_AndMemoryStillHolds()
    {
        var h = Node();
        h.Node = h.Node with { AvailableMemoryBytes = 1L << 30 };
        void Add(string id, int cores = 1, long memory = 0, ExecutionClass cls = ExecutionClass.Normal) =>
            h.Queue.Add(new PlacementRequest(id, 0, h.Queue.Count, cores, MemoryBytes: memory, Class: cls));
        Add("exclusive", cls: ExecutionClass.Exclusive);
        Add("two-cores", cores: 2);
        Add("too-big", memory: 2L << 30);
        Add("fits");

        // Both cores are the rank's, with gaps: there is no idle core at all.
        h.Run(Window + 2, (r, _) => Gapped(r));

        Assert.That(h.Commands<Start>().Select(s => (s.ExecutionId, s.Cpus)), Is.EqualTo(new[] { ("fits", CpuSet.Of(0)) }).Or.EqualTo(new[] { ("fits", CpuSet.Of(1)) }));
        Assert.That(h.Queue.Select(r => r.ExecutionId), Is.EqualTo(new[] { "exclusive", "two-cores", "too-big" }));
    }

    [Test]
    public void AReservedCore_LendsItsGapsOnlyWhereTheNodeSaysSo()
    {
        var reserved = Node();
        reserved.Node = reserved.Node with { ExcludedCpus = CpuSet.Of(0) };
        reserved.Enqueue("a").Enqueue("b").Run(2 * Window, RankWithGaps);
        Assert.That(reserved.Commands<Start>().Select(s => s.ExecutionId), Is.EqualTo(new[] { "a" }));

        var lending = Node();
        lending.Node = lending.Node with { ExcludedCpus = CpuSet.Of(0), GapFillCpus = CpuSet.Of(0) };
        lending.Enqueue("a").Enqueue("b").Run(2 * Window, RankWithGaps);
        Assert.That(StartOf(lending, "b").Cpus, Is.EqualTo(CpuSet.Of(0)));
        Assert.That(lending.Commands<Pause>(), Is.Empty, "an excluded core that lends its gaps does not bar the task living in them");
    }

    [Test]
    public void TheQueueHeadsRefusalIsDropped_WhenTheGapsStartIt()
    {
        var h = Node();
        h.Enqueue("a").Enqueue("b").Run(Window, RankWithGaps);

        Assert.That(h.Last.Commands.OfType<Start>().Single().ExecutionId, Is.EqualTo("b"));
        Assert.That(h.Last.Refusals.Select(r => r.ExecutionId), Does.Not.Contain("b"));
    }

    [Test]
    public void RecentLoad_IsTheMeanOfTheNewestSamples_AndHowManyWereOverTheLevel()
    {
        var predictor = new Odop.Scheduling.Prediction.CorePredictor();
        foreach (var load in new[] { 1.0, 0.8, 0.6, 0.9 }) predictor.Observe(load);

        Assert.That(predictor.Recent(3, 0.85), Is.EqualTo(new Odop.Scheduling.Prediction.LoadSpread(3, (0.8 + 0.6 + 0.9) / 3, 1)));
        Assert.That(predictor.Recent(5, 0.85).Samples, Is.Zero, "fewer samples than asked");
    }

    [Test]
    public void GapFillSettings_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SchedulerOptions { GapFillMinIdleShare = 1 }.Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SchedulerOptions { GapFillMinIdleShare = -0.1 }.Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SchedulerOptions { GapFillSamples = 0 }.Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SchedulerOptions { GapFillMaxGapless = 10 }.Validated());
    }
}
