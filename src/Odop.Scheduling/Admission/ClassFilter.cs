namespace Odop.Scheduling.Admission;

/// <summary>"class": the <see cref="ClassRule"/> as a stage of the odop chain; forced starts pass through it too.</summary>
internal sealed class ClassFilter : IPlacementStage
{
    public string Name => ClassRule.Name;

    public bool Admits(in RequestView request, CoreRound round) => ClassRule.Admits(request.Request.Class, round.Book);

    public string Explain(in RequestView request, CoreRound round) => ClassRule.Explain(request.Request.Class, round.Book);
}
