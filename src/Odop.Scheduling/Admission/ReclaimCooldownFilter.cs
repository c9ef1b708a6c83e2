namespace Odop.Scheduling.Admission;

/// <summary>
/// "reclaim-cooldown": hysteresis. A core the simulation reclaimed from a side task is handed out
/// again only after it has been observed idle for N samples in a row, so a task does not bounce
/// back onto a core that is between two bursts.
/// </summary>
internal sealed class ReclaimCooldownFilter : CoreFilter
{
    public override string Name => "reclaim-cooldown";

    public override bool AdmitsCore(int core, CoreRound round) => !round.Loads.Cooling(core);

    public override string Explain(in RequestView request, CoreRound round) =>
        $"needs {request.Need} core(s); {round.LeftAfter(Stage)} left once cores recently reclaimed by the simulation are set aside until idle {round.Options.ReuseAfterIdleSamples} samples in a row (cooling: {Turned(round)})";
}
