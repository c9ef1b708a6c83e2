using Odop.Core.Hardware;

namespace Odop.Scheduling.Tests.Admission;

/// <summary>
/// A core whose only load is short, recurring bursts (a simulation's helper thread waking for 150 ms every
/// 1.4 s) keeps its side task running through them: under SCHED_IDLE the task yields to each burst at once,
/// while pausing at every burst and waiting for a forecast that stays under the threshold for a whole horizon
/// left the core empty between bursts. A burst longer than the limit, or a core mostly busy, still reclaims.
/// </summary>
public class ShortBurstTests
{
    private const int BurstPeriod = 14; // samples of 100 ms: a burst every 1.4 s

    // CPU 0: the rank, always busy. CPU 1: two busy samples at the start of every period, else quiet.
    private static double HelperBursts(int round, int core) =>
        core == 0 ? Harness.Busy : (round % BurstPeriod) switch { 0 => 0.9, 1 => 0.6, _ => Harness.Quiet(round, core) };

    private static Harness Node(SchedulerOptions? options = null)
    {
        var h = new Harness(2, options);
        h.Node = h.Node with { SimulationCpus = CpuSet.Of(0) };
        return h;
    }

    private static int[] PauseRounds(Harness h) => [.. h.Log.Where(e => e.Command is Pause).Select(e => e.Round)];

    private static bool RunsOn1(Harness h) =>
        h.Scheduler.Tasks.Any(t => !t.Paused && t.Cpus.Contains(1));

    [Test]
    public void OnceTwoShortBurstsHaveEnded_TheTaskRunsThroughTheNextOnes()
    {
        var h = Node();
        h.Enqueue("a").Run(6 * BurstPeriod, HelperBursts);

        Assert.That(h.Commands<Start>().Single().Cpus, Is.EqualTo(CpuSet.Of(1)));
        // The burst at round 14 follows a single earlier one: no pattern yet, so the core is reclaimed at once.
        Assert.That(PauseRounds(h), Is.EqualTo(new[] { 14 }), "from the third burst on, the task rides through");
        Assert.That(RunsOn1(h), Is.True);
    }

    [Test]
    public void WithTheRuleOff_EveryBurstPausesTheTask()
    {
        var h = Node(new SchedulerOptions { ShortBurstSamples = 0 });
        h.Enqueue("a").Run(6 * BurstPeriod, HelperBursts);

        Assert.That(PauseRounds(h), Has.Length.GreaterThanOrEqualTo(4), "one pause per burst the task was running for");
    }

    [Test]
    public void WithTheRule_TheTaskHoldsTheBurstyCoreInNearlyEveryRoundOnceStarted()
    {
        var on = Node();
        var off = Node(new SchedulerOptions { ShortBurstSamples = 0 });
        int heldOn = 0, heldOff = 0;
        on.Enqueue("a");
        off.Enqueue("a");
        for (var i = 0; i < 10 * BurstPeriod; i++)
        {
            on.Run(1, HelperBursts);
            off.Run(1, HelperBursts);
            if (i < 3 * BurstPeriod) continue; // past the first bursts, which teach the pattern
            heldOn += RunsOn1(on) ? 1 : 0;
            heldOff += RunsOn1(off) ? 1 : 0;
        }

        Assert.That(heldOn, Is.EqualTo(7 * BurstPeriod));
        Assert.That(heldOff, Is.LessThan(heldOn * 9 / 10), $"without the rule the task held the core {heldOff} of {7 * BurstPeriod} rounds");
    }

    [Test]
    public void ABurstLongerThanTheLimit_ReclaimsTheCore_OnItsFourthBusySample()
    {
        var h = Node();
        h.Enqueue("a").Run(4 * BurstPeriod, HelperBursts);
        Assert.That(RunsOn1(h), Is.True);

        var sustainedFrom = h.Round;
        h.Run(6, (round, core) => core == 0 ? Harness.Busy : Harness.Busy);

        var pauses = h.Log.Where(e => e.Command is Pause && e.Round >= sustainedFrom).Select(e => e.Round).ToArray();
        Assert.That(pauses, Is.EqualTo(new[] { sustainedFrom + 3 }), "three busy samples fit a short burst; the fourth does not");
    }

    [Test]
    public void ACoreBusyHalfTheTime_InShortSpells_IsNotBursty()
    {
        var h = Node();
        h.Enqueue("a");
        var runningThroughBusy = 0;
        for (var i = 0; i < 8 * BurstPeriod; i++)
        {
            var round = h.Round;
            var busy = round % 4 < 2;
            h.Run(1, (r, core) => core == 0 || busy ? Harness.Busy : Harness.Quiet(r, core));
            if (busy && RunsOn1(h)) runningThroughBusy++;
        }

        Assert.That(runningThroughBusy, Is.Zero, "quiet in half the samples is not a quiet core with bursts: every busy sample reclaims it");
    }

    [Test]
    public void TheShapeOfASampleWindow_CountsEndedSpellsTheLongestAndTheQuietShare()
    {
        var predictor = new Odop.Scheduling.Prediction.CorePredictor();
        foreach (var load in new[] { 0.9, 0.0, 0.0, 0.5, 0.6, 0.7, 0.0, 0.1, 0.3 }) predictor.Observe(load);

        var shape = predictor.Bursts(0.2);

        Assert.That(shape, Is.EqualTo(new Odop.Scheduling.Prediction.BurstShape(Ended: 2, Longest: 3, Ongoing: 1, QuietShare: 4 / 9.0)));
    }
}
