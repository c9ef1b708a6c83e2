namespace Odop.Scheduling.Admission;

/// <summary>"enough-cores": the node has at least as many usable, non-excluded cores as the request needs, ever.</summary>
internal sealed class EnoughCoresFilter : IPlacementStage
{
    public string Name => "enough-cores";

    public bool Admits(in RequestView request, CoreRound round) => request.Need <= round.Usable.Length;

    public string Explain(in RequestView request, CoreRound round) =>
        $"needs {request.Need} core(s) (cpus.min → {Math.Max(1, request.Request.Cores)}, threads.min {request.Request.Threads}); the node lets side tasks use {round.Usable.Length}";
}
