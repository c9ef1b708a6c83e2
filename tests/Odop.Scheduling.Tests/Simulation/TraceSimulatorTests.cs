using Odop.Scheduling.Simulation;

namespace Odop.Scheduling.Tests.Simulation;

public class TraceSimulatorTests
{
    private static readonly PolicyKind[] Policies = [PolicyKind.Naive, PolicyKind.Threshold, PolicyKind.Odop];

    /// <summary>
    /// 12 simulation ranks in compute (4 s) / communicate (3 s) phases that are not in step with one
    /// another, beside 4 spare cores with background noise: 16 cores, 5 minutes at 100 ms.
    /// </summary>
    private static UtilisationTrace BurstyNode(int seed) =>
        SyntheticTraces.Bursty(12, 3_000, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), seed, phaseSpread: 1)
            .Beside(SyntheticTraces.Idle(4, 3_000, seed + 100, level: 0.05, noise: 0.03));

    private static Dictionary<PolicyKind, SimulationReport> ReplayAll(SimulatedNode node) =>
        Policies.ToDictionary(kind => kind, kind => new TraceSimulator(new SchedulerOptions { Policy = kind }).Run(node));

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Simulator_OnTheBurstyTrace_OdopHarvestsMoreThanThreshold_WithFewerInterferenceSamplesThanNaive(int seed)
    {
        // Analysis tasks with 3 synchronised threads. Threshold pins one where 3 cores looked idle at
        // one sample and never moves it: as soon as one of them is reclaimed the task crawls at that
        // core's pace and its other cores idle. Odop moves the thread off the reclaimed core, or pauses
        // the task and frees all three.
        var node = new SimulatedNode("n01", BurstyNode(seed), SimulatedExecution.Series("analysis", 100, cores: 3, TimeSpan.FromSeconds(3)));

        var r = ReplayAll(node);

        Assert.That(r.Values.Select(x => x.Completed), Is.All.EqualTo(100));
        Assert.That(r[PolicyKind.Odop].HarvestShare, Is.GreaterThan(r[PolicyKind.Threshold].HarvestShare),
            $"odop: {r[PolicyKind.Odop]}\nthreshold: {r[PolicyKind.Threshold]}");
        Assert.That(r[PolicyKind.Odop].InterferenceSamples, Is.LessThan(r[PolicyKind.Naive].InterferenceSamples),
            $"odop: {r[PolicyKind.Odop]}\nnaive: {r[PolicyKind.Naive]}");
        Assert.That(r[PolicyKind.Odop].Moves + r[PolicyKind.Odop].Pauses, Is.GreaterThan(0));
    }

    [Test]
    public void Simulator_WithSingleThreadTasks_ThresholdHarvestsMoreButInterferesTensOfTimesMore()
    {
        // The trade-off stated plainly: one thread per task, so nothing is stranded; threshold keeps a
        // task on every core and takes the idle phases a little sooner, at the cost of sitting on cores
        // the simulation needs. Odop gives up some harvest (reaction and hysteresis) to stay off them.
        var node = new SimulatedNode("n01", BurstyNode(1), SimulatedExecution.Series("analysis", 300, cores: 1, TimeSpan.FromSeconds(3)));

        var r = ReplayAll(node);

        Assert.That(r[PolicyKind.Threshold].HarvestShare, Is.GreaterThan(r[PolicyKind.Odop].HarvestShare));
        Assert.That(r[PolicyKind.Odop].InterferenceSamples * 10, Is.LessThan(r[PolicyKind.Threshold].InterferenceSamples));
    }

    [Test]
    public void Simulator_OnAFullyBusyNode_StartsAndHarvestsNothing()
    {
        var node = new SimulatedNode("busy", SyntheticTraces.FullyBusy(16, 1_200, seed: 4), SimulatedExecution.Series("a", 40, 1, TimeSpan.FromSeconds(2)));

        foreach (var kind in new[] { PolicyKind.Odop, PolicyKind.Threshold })
        {
            var report = new TraceSimulator(new SchedulerOptions { Policy = kind }).Run(node);
            Assert.That(report.Starts, Is.Zero, kind.ToString());
            Assert.That(report.HarvestedCoreSeconds, Is.Zero, kind.ToString());
            Assert.That(report.InterferenceSamples, Is.Zero, kind.ToString());
        }
    }

    [Test]
    public void Simulator_NaiveOnAQuietNode_HasNoInterference()
    {
        var node = new SimulatedNode("quiet", SyntheticTraces.Idle(8, 600, seed: 2), SimulatedExecution.Series("a", 8, 1, TimeSpan.FromSeconds(5)));

        var report = new TraceSimulator(new SchedulerOptions { Policy = PolicyKind.Naive }).Run(node);

        Assert.That(report.Completed, Is.EqualTo(8));
        Assert.That(report.InterferenceSamples, Is.Zero);
        Assert.That(report.Makespan.TotalSeconds, Is.EqualTo(5).Within(0.5));
    }

    [Test]
    public void Simulator_ARequeuedTaskStartsOverAndStillCompletes()
    {
        // A ramp that ends busy for 70 s strands a paused task past the limit; the node is quiet afterwards.
        var busy = SyntheticTraces.FullyBusy(2, 700, seed: 1);
        var quiet = SyntheticTraces.Idle(2, 700, seed: 2);
        var trace = new UtilisationTrace(busy.Period,
            [.. Enumerable.Range(0, 100).Select(t => new[] { quiet.Usage(t, 0), quiet.Usage(t, 1) }),
             .. Enumerable.Range(0, 700).Select(t => new[] { busy.Usage(t, 0), busy.Usage(t, 1) }),
             .. Enumerable.Range(0, 700).Select(t => new[] { quiet.Usage(t, 0), quiet.Usage(t, 1) })]);
        var node = new SimulatedNode("n", trace, [new SimulatedExecution("long", 1, TimeSpan.FromSeconds(20), Arrival: TimeSpan.FromSeconds(3))]);

        var report = new TraceSimulator(new SchedulerOptions()).Run(node);

        Assert.That(report.Pauses, Is.EqualTo(1));
        Assert.That(report.Requeues, Is.EqualTo(1));
        Assert.That(report.Completed, Is.EqualTo(1));
        Assert.That(report.HarvestedCoreSeconds, Is.GreaterThan(20), "the work done before the requeue is counted, then done again");
    }

    [Test]
    public void Simulator_GivesTheSameReportForTheSameSeeds()
    {
        var node = new SimulatedNode("n", SyntheticTraces.Random(8, 1_000, seed: 8), SimulatedExecution.Series("a", 30, 2, TimeSpan.FromSeconds(4)));
        var simulator = new TraceSimulator(new SchedulerOptions());

        Assert.That(simulator.Run(node), Is.EqualTo(simulator.Run(node)));
    }

    [Test]
    public void Simulator_ReplaysHundredsOfNodesWithThousandsOfExecutions()
    {
        var nodes = Enumerable.Range(0, 200).Select(i => new SimulatedNode($"n{i:D3}",
            SyntheticTraces.Bursty(12, 600, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), seed: i, phaseSpread: 1)
                .Beside(SyntheticTraces.Idle(4, 600, seed: 1_000 + i)),
            SimulatedExecution.Series($"n{i}", 20, 1 + i % 3, TimeSpan.FromSeconds(2), every: TimeSpan.FromSeconds(1)))).ToList();

        var reports = new TraceSimulator(new SchedulerOptions()).RunEach(nodes);
        var total = SimulationReport.Sum(reports);

        Assert.That(total.Executions, Is.EqualTo(4_000));
        Assert.That(total.Completed, Is.GreaterThan(3_900));
        Assert.That(total.Decisions, Is.GreaterThanOrEqualTo(200 * 190), "each node runs at least until its last arrival at 19 s");
        Assert.That(new TraceSimulator(new SchedulerOptions()).Run(nodes[7]), Is.EqualTo(reports[7]), "nodes are replayed independently");
    }
}
