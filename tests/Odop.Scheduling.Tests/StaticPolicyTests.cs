using Odop.Core.Hardware;
using Odop.Scheduling.Placement;

namespace Odop.Scheduling.Tests;

public class StaticPolicyTests
{
    private static SchedulingInput Input(TimeSpan now, string usable, string simulation, params PlacementRequest[] queue) =>
        new(now, new NodeFacts(CpuSet.Parse(usable)) { SimulationCpus = CpuSet.Parse(simulation) },
            [new CoreSample(0, 1.0), new CoreSample(1, 1.0), new CoreSample(2, 1.0), new CoreSample(3, 1.0)], queue);

    [Test]
    public void Static_PlacesOnCoresNoRankIsBoundTo_WhateverTheirLoad()
    {
        var core = new SchedulerCore(new SchedulerOptions { Policy = PolicyKind.Static });

        var decision = core.Decide(Input(TimeSpan.Zero, "0-3", "0-1", new PlacementRequest("a", 0, 1, 1), new PlacementRequest("b", 0, 2, 1), new PlacementRequest("c", 0, 3, 1)));

        Assert.That(decision.Commands.OfType<Start>().Select(s => s.Cpus.ToString()), Is.EqualTo(new[] { "2", "3" }));
        Assert.That(decision.Refusals.Single().ExecutionId, Is.EqualTo("c"));
    }

    [Test]
    public void Static_NeverPreempts_AndFreesACoreOnlyWhenItsTaskEnds()
    {
        var core = new SchedulerCore(new SchedulerOptions { Policy = PolicyKind.Static });
        core.Decide(Input(TimeSpan.Zero, "0-1", "0", new PlacementRequest("a", 0, 1, 1)));

        var busy = core.Decide(Input(TimeSpan.FromSeconds(1), "0-1", "0", new PlacementRequest("b", 0, 2, 1)));
        var afterEnd = core.Decide(Input(TimeSpan.FromSeconds(2), "0-1", "0", new PlacementRequest("b", 0, 2, 1)) with { Ended = ["a"] });

        Assert.That(busy.Commands, Is.Empty, "a fully loaded core 1 is neither reclaimed nor shared");
        Assert.That(afterEnd.Commands.OfType<Start>().Single().Cpus.ToString(), Is.EqualTo("1"));
    }

    [Test]
    public void Static_ForcedStartMayTakeARankCoreButNotALeasedOne()
    {
        var core = new SchedulerCore(new SchedulerOptions { Policy = PolicyKind.Static });
        core.Decide(Input(TimeSpan.Zero, "0-1", "0", new PlacementRequest("a", 0, 1, 1)));

        var forced = core.Decide(Input(TimeSpan.FromSeconds(1), "0-1", "0", new PlacementRequest("b", 0, 2, 1, Forced: true), new PlacementRequest("c", 0, 3, 1, Forced: true)));

        Assert.That(forced.Commands.OfType<Start>().Single().Cpus.ToString(), Is.EqualTo("0"));
        Assert.That(forced.Refusals.Single().ExecutionId, Is.EqualTo("c"));
    }
}
