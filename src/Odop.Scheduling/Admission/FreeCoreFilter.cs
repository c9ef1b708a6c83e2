namespace Odop.Scheduling.Admission;

/// <summary>"free-core": not excluded and not held by another side task. Forced starts must pass it too.</summary>
internal sealed class FreeCoreFilter : CoreFilter
{
    public override string Name => "free-core";

    public override bool AppliesToForced => true;

    public override bool AdmitsCore(int core, CoreRound round) => !round.IsExcluded(core) && !round.Book.IsLeased(core);

    public override string Explain(in RequestView request, CoreRound round) =>
        $"needs {request.Need} core(s) that are neither excluded nor held by a side task; {round.LeftAfter(Stage)} free (excluded or held: {Turned(round)})";
}
