using Odop.Core.Quantities;

namespace Odop.Scheduling.Admission;

/// <summary>"memory": memory.min fits in available memory minus the safety margin (and minus what this round already placed).</summary>
internal sealed class MemoryFilter : IPlacementStage
{
    public string Name => "memory";

    public bool Admits(in RequestView request, CoreRound round) =>
        request.Request.MemoryBytes <= 0 || request.Request.MemoryBytes <= round.MemoryLeft;

    public string Explain(in RequestView request, CoreRound round) =>
        $"needs memory.min {new MemoryQuantity(request.Request.MemoryBytes)}; {Text(round.MemoryLeft)} left after the {Text(round.MemoryMargin)} safety margin";

    private static string Text(long bytes) => bytes < 0 ? "-" + new MemoryQuantity(-bytes) : new MemoryQuantity(bytes).ToString();
}
