using Odop.Core.Hardware;
using Odop.Core.Profiles;
using Odop.Scheduling.Placement;
using static Odop.Core.Profiles.ExecutionClass;

namespace Odop.Scheduling.Tests.Admission;

/// <summary>
/// The class rule on a quiet 4-core node, where nothing but the class can keep a request waiting:
/// exclusive runs with no other non-background task; normal never beside exclusive; background ignores both.
/// </summary>
public class ClassTests
{
    private static void Enqueue(Harness h, string id, ExecutionClass cls, bool forced = false) =>
        h.Queue.Add(new PlacementRequest(id, 0, h.Queue.Count + h.Round * 1000, 1, forced, Class: cls));

    private static Harness QuietNode(PolicyKind policy = PolicyKind.Odop) =>
        new Harness(4, new SchedulerOptions { Policy = policy }).Run(30, Harness.Quiet);

    private static bool Started(Harness h, string id) => h.Commands<Start>().Any(s => s.ExecutionId == id);

    // Every combination of what is held (nothing, or one task of each class) and what is asked for.
    [TestCase(null, Normal, true)]
    [TestCase(null, Exclusive, true)]
    [TestCase(null, Background, true)]
    [TestCase(Normal, Normal, true)]
    [TestCase(Normal, Exclusive, false)]
    [TestCase(Normal, Background, true)]
    [TestCase(Exclusive, Normal, false)]
    [TestCase(Exclusive, Exclusive, false)]
    [TestCase(Exclusive, Background, true)]
    [TestCase(Background, Normal, true)]
    [TestCase(Background, Exclusive, true)]
    [TestCase(Background, Background, true)]
    public void ARequestStartsBesideAHeldTask_OnlyWhenTheirClassesAllowIt(ExecutionClass? held, ExecutionClass requested, bool starts)
    {
        foreach (var policy in new[] { PolicyKind.Odop, PolicyKind.Static, PolicyKind.Threshold, PolicyKind.Naive })
        {
            var h = QuietNode(policy);
            if (held is { } cls)
            {
                Enqueue(h, "held", cls);
                h.Run(1, Harness.Quiet);
                Assert.That(Started(h, "held"), $"{policy}: the first task starts on an empty node");
            }

            Enqueue(h, "asked", requested);
            h.Run(1, Harness.Quiet);

            Assert.That(Started(h, "asked"), Is.EqualTo(starts), $"{policy}: {requested} beside {held?.ToName() ?? "nothing"}");
            if (!starts && policy != PolicyKind.Naive)
                Assert.That(h.Last.Refusals.Single().Filter, Is.EqualTo("class"), $"{policy}: the refusal is named");
        }
    }

    [Test]
    public void ANormalRequest_WaitsBesideARunningExclusiveOne_WithTheExclusiveOneNamed()
    {
        var h = QuietNode();
        Enqueue(h, "measure", Exclusive);
        h.Run(1, Harness.Quiet);

        Enqueue(h, "reduce", Normal);
        h.Run(1, Harness.Quiet);

        var refusal = h.Last.Refusals.Single();
        Assert.That(refusal.ExecutionId, Is.EqualTo("reduce"));
        Assert.That(refusal.Reason, Is.EqualTo("exclusive execution measure is running"));
    }

    [Test]
    public void AnExclusiveRequest_WaitsForTheOthers_NamingThem_AndStartsOnceTheyEnd()
    {
        var h = QuietNode();
        Enqueue(h, "a", Normal);
        Enqueue(h, "b", Normal);
        Enqueue(h, "bg", Background);
        h.Run(1, Harness.Quiet);

        Enqueue(h, "measure", Exclusive);
        h.Run(1, Harness.Quiet);
        Assert.That(h.Last.Refusals.Single().Reason, Does.Contain("no other non-background side task").And.Contain("2 held (a, b)"));

        h.End("a");
        h.Run(1, Harness.Quiet);
        Assert.That(Started(h, "measure"), Is.False, "b still runs");

        h.End("b");
        h.Run(1, Harness.Quiet);
        Assert.That(Started(h, "measure"), Is.True, "the background task does not hold it back");
    }

    [Test]
    public void InOneRound_AnExclusiveRequestAtTheHead_KeepsTheNormalOnesBehindItWaiting()
    {
        var h = QuietNode();
        Enqueue(h, "measure", Exclusive);
        Enqueue(h, "a", Normal);
        Enqueue(h, "bg", Background);

        h.Run(1, Harness.Quiet);

        Assert.That(h.Commands<Start>().Select(s => s.ExecutionId), Is.EqualTo(new[] { "measure", "bg" }));
        Assert.That(h.Last.Refusals.Single().ExecutionId, Is.EqualTo("a"));
    }

    [Test]
    public void InOneRound_ANormalRequestAtTheHead_KeepsAnExclusiveOneBehindItWaiting()
    {
        var h = QuietNode();
        Enqueue(h, "a", Normal);
        Enqueue(h, "measure", Exclusive);

        h.Run(1, Harness.Quiet);

        Assert.That(h.Commands<Start>().Select(s => s.ExecutionId), Is.EqualTo(new[] { "a" }));
        Assert.That(h.Last.Refusals.Single().Filter, Is.EqualTo("class"));
    }

    [Test]
    public void AForcedStart_IsStillHeldToTheClassRule()
    {
        var h = QuietNode();
        Enqueue(h, "measure", Exclusive);
        h.Run(1, Harness.Quiet);

        Enqueue(h, "urgent", Normal, forced: true);
        h.Run(1, Harness.Quiet);

        Assert.That(Started(h, "urgent"), Is.False);
        Assert.That(h.Last.Refusals.Single().Filter, Is.EqualTo("class"));
    }

    [Test]
    public void APausedExclusiveTask_StillKeepsNormalOnesOut()
    {
        var h = QuietNode();
        Enqueue(h, "measure", Exclusive);
        h.Run(1, Harness.Quiet);
        // The simulation takes every core back: the exclusive task is paused, not ended.
        h.Run(5, (_, _) => Harness.Busy);
        Assert.That(h.Scheduler.Tasks.Single().Paused, Is.True);

        Enqueue(h, "reduce", Normal);
        h.Run(40, Harness.Quiet);

        Assert.That(Started(h, "reduce"), Is.False);
    }

    [Test]
    public void AnAdoptedExclusiveTask_KeepsNormalOnesOut()
    {
        var h = QuietNode();
        h.Scheduler.Adopt("measure", CpuSet.Of(0), TimeSpan.Zero, executionClass: Exclusive);

        Enqueue(h, "reduce", Normal);
        h.Run(1, Harness.Quiet);

        Assert.That(Started(h, "reduce"), Is.False);
        Assert.That(h.Last.Refusals.Single().Reason, Is.EqualTo("exclusive execution measure is running"));
    }
}
