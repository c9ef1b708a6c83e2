using System.Globalization;

namespace Odop.Scheduling.Simulation;

/// <summary>What one replay (one node, or many added up) produced.</summary>
/// <param name="Completed">Executions that finished their work.</param>
/// <param name="Makespan">From the start to the last completion (the whole trace if some never finished); for many nodes, the longest.</param>
/// <param name="HarvestedCoreSeconds">CPU time side tasks got, on capacity the simulation left.</param>
/// <param name="IdleCoreSeconds">Capacity the simulation left on usable cores (idle plus reclaimable) over each node's makespan.</param>
/// <param name="InterferenceSamples">(core, sample) pairs where a runnable side task sat on a core the simulation needed (load over the busy threshold).</param>
public sealed record SimulationReport(int Executions, int Completed, TimeSpan Makespan, double HarvestedCoreSeconds, double IdleCoreSeconds,
    long InterferenceSamples, int Starts, int Moves, int Pauses, int Resumes, int Requeues, long Decisions)
{
    /// <summary>Harvested over available idle core-seconds, 0..1.</summary>
    public double HarvestShare => IdleCoreSeconds <= 0 ? 0 : HarvestedCoreSeconds / IdleCoreSeconds;

    public static SimulationReport Sum(IReadOnlyList<SimulationReport> reports) => new(
        reports.Sum(r => r.Executions), reports.Sum(r => r.Completed), reports.Select(r => r.Makespan).DefaultIfEmpty().Max(),
        reports.Sum(r => r.HarvestedCoreSeconds), reports.Sum(r => r.IdleCoreSeconds), reports.Sum(r => r.InterferenceSamples),
        reports.Sum(r => r.Starts), reports.Sum(r => r.Moves), reports.Sum(r => r.Pauses), reports.Sum(r => r.Resumes),
        reports.Sum(r => r.Requeues), reports.Sum(r => r.Decisions));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"completed {Completed}/{Executions}, makespan {Makespan.TotalSeconds:F1} s, harvested {HarvestedCoreSeconds:F1} of {IdleCoreSeconds:F1} idle core-s ({HarvestShare:P1}), interference {InterferenceSamples} samples, starts {Starts}, moves {Moves}, pauses {Pauses}, resumes {Resumes}, requeues {Requeues}");
}
