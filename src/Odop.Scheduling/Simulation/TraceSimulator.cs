namespace Odop.Scheduling.Simulation;

/// <summary>
/// Replays utilisation traces through a <see cref="SchedulerCore"/> as fast as it can — no sleeping,
/// time is the trace's — and reports what the side tasks harvested and what they cost the simulation
/// (see <see cref="NodeReplay"/> for the model). Each node gets its own scheduler; nodes are
/// independent, so a run over many nodes gives the same reports however many run at once.
/// </summary>
public sealed class TraceSimulator(SchedulerOptions options)
{
    public SchedulerOptions Options { get; } = options;

    public SimulationReport Run(SimulatedNode node) => new NodeReplay(node, Options).Run();

    /// <summary>Replays every node and adds the reports up.</summary>
    /// <param name="parallelism">Nodes replayed at once; 1 replays them one after another on the calling thread.</param>
    public SimulationReport Run(IReadOnlyList<SimulatedNode> nodes, int parallelism = 1) => SimulationReport.Sum(RunEach(nodes, parallelism));

    public IReadOnlyList<SimulationReport> RunEach(IReadOnlyList<SimulatedNode> nodes, int parallelism = 1)
    {
        var reports = new SimulationReport[nodes.Count];
        if (parallelism <= 1)
            for (var i = 0; i < nodes.Count; i++) reports[i] = Run(nodes[i]);
        else
            Parallel.For(0, nodes.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i => reports[i] = Run(nodes[i]));
        return reports;
    }
}
