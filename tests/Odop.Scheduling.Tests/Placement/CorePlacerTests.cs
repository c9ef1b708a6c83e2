using Odop.Core.Hardware;
using Odop.Scheduling.Placement;

namespace Odop.Scheduling.Tests.Placement;

public class CorePlacerTests
{
    private static readonly CorePlacer Placer = CorePlacer.Default();

    private static NodeView Node(string usable, string simulation, string leased = "") =>
        new(CpuSet.Parse(usable), CpuSet.Parse(simulation), CpuSet.Parse(leased));

    [Test]
    public void Place_UsesOnlyCoresNoRankIsBoundTo()
    {
        var outcomes = Placer.Place(Node("0-3", "0-1"), [new("a", 0, 1, 1), new("b", 0, 2, 1), new("c", 0, 3, 1)]);

        Assert.That(outcomes.OfType<Placed>().Select(p => p.Cpus.ToString()), Is.EqualTo(new[] { "2", "3" }));
        Assert.That(outcomes.Select(o => o.ExecutionId), Does.Not.Contain("c"), "the walk stops once no idle core is left");
    }

    [Test]
    public void Place_FullyBoundNodeGetsNothing_WithAReason()
    {
        var outcome = Placer.PlaceOne(new("a", 0, 1, 1), Node("0-1", "0-1"));

        var refused = outcome as NotPlaced;
        Assert.That(refused, Is.Not.Null);
        Assert.That(refused!.Filter, Is.EqualTo("idle-cores"));
        Assert.That(refused.Reason, Does.Contain("simulation holds 0-1"));
    }

    [Test]
    public void Place_NeverGivesALeasedCoreToAnotherTask()
    {
        var outcomes = Placer.Place(Node("0-3", "0", "1-2"), [new("a", 0, 1, 1), new("b", 0, 2, 1)]);

        Assert.That(((Placed)outcomes[0]).Cpus.ToString(), Is.EqualTo("3"));
        Assert.That(outcomes, Has.Count.EqualTo(1), "no idle core left, so the walk stops");
    }

    [Test]
    public void Place_BackfillsASmallerExecutionPastOneThatDoesNotFit()
    {
        var outcomes = Placer.Place(Node("0-3", "0-1"), [new("big", 5, 1, 3), new("small", 0, 2, 2)]);

        Assert.That(outcomes[0], Is.TypeOf<NotPlaced>());
        Assert.That(((Placed)outcomes[1]).Cpus.ToString(), Is.EqualTo("2-3"));
    }

    [Test]
    public void Place_ForcedStartMayUseASimulationCoreButNotALeasedOne()
    {
        var forced = Placer.PlaceOne(new("a", 0, 1, 1, Forced: true), Node("0-1", "0-1", "0"));
        var blocked = Placer.PlaceOne(new("b", 0, 1, 1, Forced: true), Node("0-1", "0-1", "0-1"));

        Assert.That(((Placed)forced).Cpus.ToString(), Is.EqualTo("1"));
        Assert.That(blocked, Is.TypeOf<NotPlaced>());
    }
}
