using System.Globalization;

namespace Odop.Scheduling.Admission;

/// <summary>
/// "smt-sibling": not a hardware thread of a physical core whose other thread is busy with
/// simulation work; the two would share execution units and slow the rank down even under SCHED_IDLE.
/// </summary>
internal sealed class SmtSiblingFilter : CoreFilter
{
    public override string Name => "smt-sibling";

    public override bool AdmitsCore(int core, CoreRound round) => !SiblingBusy(core, round);

    /// <summary>Some SMT sibling of <paramref name="core"/> carries simulation load at or over the busy threshold.</summary>
    public static bool SiblingBusy(int core, CoreRound round)
    {
        foreach (var sibling in round.Node.Topology.SiblingsOf(core))
            if (round.Loads.Load(sibling) >= round.Options.BusyThreshold) return true;
        return false;
    }

    public override string Explain(in RequestView request, CoreRound round) =>
        string.Create(CultureInfo.InvariantCulture,
            $"needs {request.Need} core(s) whose SMT siblings are not busy with simulation work (load ≥ {round.Options.BusyThreshold:F2}); {round.LeftAfter(Stage)} left (siblings of busy cores: {Turned(round)})");
}
