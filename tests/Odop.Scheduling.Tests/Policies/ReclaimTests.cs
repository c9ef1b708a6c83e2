using Odop.Core.Hardware;

namespace Odop.Scheduling.Tests.Policies;

public class ReclaimTests
{
    private static Harness StartedOnIdleNode(int cores, SchedulerOptions? options = null)
    {
        var h = new Harness(cores, options).Run(30, Harness.Quiet);
        h.Enqueue("task");
        h.Run(1, Harness.Quiet);
        Assert.That(h.Commands<Start>().Single().ExecutionId, Is.EqualTo("task"));
        return h;
    }

    [Test]
    public void Reclaim_MovesATaskInTheSameRoundItsCoreTurnsBusy()
    {
        var h = StartedOnIdleNode(4);
        var core = h.CpusOf("task").Ids.Single();

        var decision = h.Step([.. Enumerable.Range(0, 4).Select(c => c == core ? Harness.Busy : Harness.Quiet(h.Round, c))]);

        var move = decision.Commands.OfType<SetAffinity>().Single();
        Assert.That(move.ExecutionId, Is.EqualTo("task"));
        Assert.That(move.Cpus.Contains(core), Is.False);
        Assert.That(move.Reason, Does.Contain($"core {core} busy with simulation work"));
    }

    [Test]
    public void Reclaim_PausesInTheSameRound_WhenNoIdleCoreIsLeft()
    {
        var h = new Harness(2).Run(30, (_, c) => c == 1 ? Harness.Busy : Harness.Quiet(0, 0));
        h.Enqueue("task").Step(0.02, Harness.Busy);
        Assert.That(h.CpusOf("task"), Is.EqualTo(CpuSet.Of(0)));

        var decision = h.Step(Harness.Busy, Harness.Busy);

        Assert.That(decision.Commands.OfType<Pause>().Single().Reason, Does.Contain("no idle core to move to"));
        Assert.That(h.Scheduler.Tasks.Single().Paused, Is.True);
        Assert.That(h.Scheduler.Tasks.Single().Cpus.IsEmpty, Is.True, "a paused task gives its cores back");
    }

    [Test]
    public void Reclaim_ResumesOnlyAfterTheCoreIsIdleNSamplesInARow()
    {
        var options = new SchedulerOptions { ReuseAfterIdleSamples = 5 };
        var h = new Harness(1, options).Run(30, Harness.Quiet);
        h.Enqueue("task").Run(1, Harness.Quiet);
        h.Run(3, (_, _) => Harness.Busy);
        var idleFrom = h.Round;

        h.Run(100, Harness.Quiet);

        var resume = h.Log.Single(e => e.Command is Resume);
        Assert.That(resume.Round, Is.GreaterThanOrEqualTo(idleFrom + 4), "the fifth idle sample in a row at the earliest");
        Assert.That(((Resume)resume.Command).Cpus, Is.EqualTo(CpuSet.Of(0)));
    }

    [Test]
    public void Reclaim_StopsAndRequeuesATaskPausedPastTheLimit()
    {
        var options = new SchedulerOptions { MaxPause = TimeSpan.FromSeconds(60) };
        var h = new Harness(1, options).Run(30, Harness.Quiet);
        h.Enqueue("task").Run(1, Harness.Quiet);
        var pausedAt = h.Round;

        h.Run(650, (_, _) => Harness.Busy);

        var requeue = h.Log.Single(e => e.Command is StopAndRequeue);
        Assert.That(requeue.Round - pausedAt, Is.EqualTo(600), "60 s of 100 ms samples");
        Assert.That(h.Scheduler.Tasks, Is.Empty);
        Assert.That(h.Queue.Select(r => r.ExecutionId), Is.EqualTo(new[] { "task" }));
    }

    [Test]
    public void Reclaim_APreviouslyRequeuedTaskPrefersItsOldCores()
    {
        // A cooldown of one sample, so that the old core is a candidate as soon as the others are.
        var options = new SchedulerOptions { MaxPause = TimeSpan.FromSeconds(1), ReuseAfterIdleSamples = 1 };
        var h = new Harness(4, options).Run(30, Harness.Quiet);
        h.Enqueue("task").Run(1, Harness.Quiet);
        var first = h.CpusOf("task").Ids.Single();
        h.Run(20, (_, c) => Harness.Busy); // everything busy: paused, then requeued

        h.Run(60, Harness.Quiet);

        Assert.That(h.Commands<StopAndRequeue>().Count(), Is.EqualTo(1));
        var restart = h.Commands<Start>().Last();
        Assert.That(restart.Cpus, Is.EqualTo(CpuSet.Of(first)));
        Assert.That(restart.Scores.Single().Parts.Single(p => p.Scorer == "previous-cores").Score, Is.EqualTo(1));
    }

    [Test]
    public void Hysteresis_KeepsATaskOnANoisyButIdleCore()
    {
        // Mostly quiet with frequent excursions to 0.45: across the idle threshold, never over the busy one.
        var random = new Random(21);
        var noise = Enumerable.Range(0, 3_000).Select(_ => random.NextDouble() < 0.2 ? 0.25 + 0.2 * random.NextDouble() : 0.03).ToArray();
        var h = new Harness(1).Run(40, (r, _) => 0.03);
        h.Enqueue("task");

        h.Run(3_000, (r, _) => noise[r % noise.Length]);

        Assert.That(h.Commands<Start>().Count(), Is.EqualTo(1));
        Assert.That(h.Log.Count(e => e.Command is Pause or SetAffinity or Resume), Is.Zero);
    }

    [Test]
    public void Hysteresis_AfterEachSpikeTheTaskWaitsNIdleSamplesBeforeComingBack()
    {
        var options = new SchedulerOptions { ReuseAfterIdleSamples = 5 };
        // Quiet, with a one-sample spike over the busy threshold every 37 samples.
        var h = new Harness(1, options).Run(40, (r, _) => 0.03);
        h.Enqueue("task");

        h.Run(2_000, (r, _) => r % 37 == 0 ? 0.8 : 0.03);

        var changes = h.Log.Where(e => e.Command is Pause or Resume).ToList();
        var spikes = Enumerable.Range(41, 2_000).Count(r => r % 37 == 0);
        Assert.That(changes.Count(e => e.Command is Pause), Is.LessThanOrEqualTo(spikes), "at most one pause per spike");
        for (var i = 1; i < changes.Count; i++)
            if (changes[i].Command is Resume)
                Assert.That(changes[i].Round - changes[i - 1].Round, Is.GreaterThanOrEqualTo(5), "resumed too soon after a pause");
    }

    [Test]
    public void Dwell_ATaskMovedMomentsAgoIsPausedRatherThanMovedAgain()
    {
        var h = StartedOnIdleNode(3);
        var first = h.CpusOf("task").Ids.Single();
        var loads = Enumerable.Range(0, 3).Select(c => c == first ? Harness.Busy : 0.02).ToArray();
        h.Step(loads);
        var second = h.CpusOf("task").Ids.Single();

        loads[second] = Harness.Busy;
        var decision = h.Step(loads);

        Assert.That(decision.Commands.OfType<Pause>().Single().Reason, Does.Contain("dwell"));
        Assert.That(h.Commands<SetAffinity>().Count(), Is.EqualTo(1));
    }

    [Test]
    public void Reclaim_IgnoresTheSideTasksOwnUsageOfItsCore()
    {
        var h = StartedOnIdleNode(2);
        var core = h.CpusOf("task").Ids.Single();

        var decision = h.Step([new CoreSample(core, 1.0, SideTaskUsage: 0.97), new CoreSample(1 - core, 0.02)]);

        Assert.That(decision.Commands, Is.Empty);
    }

    [Test]
    public void Reclaim_NeverTouchesAForcedStart()
    {
        var h = new Harness(1).Run(30, (_, _) => Harness.Busy);
        h.Enqueue("mine", forced: true).Step(Harness.Busy);

        h.Run(100, (_, _) => Harness.Busy);

        Assert.That(h.Commands<Start>().Single().Reason, Does.Contain("started by user"));
        Assert.That(h.Log, Has.Count.EqualTo(1));
    }

    [Test]
    public void Reclaim_MovesATaskOffACoreThatWasExcludedWhileItRan()
    {
        var h = StartedOnIdleNode(3);
        var core = h.CpusOf("task").Ids.Single();
        h.Node = h.Node with { ExcludedCpus = CpuSet.Of(core) };

        var decision = h.Step(0.02, 0.02, 0.02);

        var move = decision.Commands.OfType<SetAffinity>().Single();
        Assert.That(move.Cpus.Contains(core), Is.False);
        Assert.That(move.Reason, Does.Contain("no longer usable or now excluded"));
    }

    [Test]
    public void Options_ThatCannotWorkTogetherAreRefused()
    {
        Assert.That(() => new SchedulerCore(new SchedulerOptions { IdleThreshold = 0.6, BusyThreshold = 0.5 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("BusyThreshold"));
    }

    [Test]
    public void EndedExecution_GivesItsCoreBackForTheNextOne()
    {
        var h = new Harness(1).Run(30, Harness.Quiet);
        h.Enqueue("a").Enqueue("b").Run(5, Harness.Quiet);
        Assert.That(h.Commands<Start>().Select(s => s.ExecutionId), Is.EqualTo(new[] { "a" }));

        h.End("a");
        h.Run(1, Harness.Quiet);

        Assert.That(h.Commands<Start>().Select(s => s.ExecutionId), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Decide_GivesTheSameCommandsForTheSameInputs()
    {
        string Replay()
        {
            var random = new Random(99);
            var loads = Enumerable.Range(0, 500 * 6).Select(_ => random.NextDouble() < 0.7 ? 0.03 : 0.9).ToArray();
            var h = new Harness(6).Run(30, Harness.Quiet);
            for (var i = 0; i < 20; i++) h.Enqueue($"e{i}", cores: 1 + i % 2);
            h.Run(500, (r, c) => loads[(r * 6 + c) % loads.Length]);
            return string.Join("\n", h.Log.Select(e => $"{e.Round} {e.Command}"));
        }

        var first = Replay();
        Assert.That(first, Is.Not.Empty);
        Assert.That(Replay(), Is.EqualTo(first));
    }
}
