namespace Odop.Scheduling.Admission;

/// <summary>
/// "numa-packing": keep a task's cores on one NUMA node — the node of cores already picked, else of
/// its previous cores, else one with enough candidates for the whole request.
/// </summary>
internal sealed class NumaPackingScorer(double weight) : ICoreScorer
{
    public string Name => "numa-packing";
    public double Weight => weight;

    public double Score(int core, in SelectionContext context)
    {
        var topology = context.Round.Node.Topology;
        var numa = topology.NumaOf(core);
        if (numa < 0) return 0;
        if (!context.Picked.IsEmpty) return topology.NumaOf(context.Picked[0]) == numa ? 1 : 0;
        if (context.Previous is { IsEmpty: false } previous)
        {
            foreach (var id in previous.Ids)
                if (topology.NumaOf(id) == numa) return 1;
            return 0;
        }
        return Math.Min(1.0, context.Round.CandidatesOnNuma(numa) / (double)context.Need);
    }
}
