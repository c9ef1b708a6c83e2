namespace Odop.Scheduling.Admission;

/// <summary>"previous-cores": prefer cores the execution ran on before — fewest migrations, warm caches.</summary>
internal sealed class PreviousCoresScorer(double weight) : ICoreScorer
{
    public string Name => "previous-cores";
    public double Weight => weight;

    public double Score(int core, in SelectionContext context) => context.Previous?.Contains(core) == true ? 1 : 0;
}
