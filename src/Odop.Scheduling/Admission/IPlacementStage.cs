namespace Odop.Scheduling.Admission;

/// <summary>
/// One feasibility stage of the placement chain. Guarantees every stage keeps:
/// <list type="bullet">
/// <item><see cref="Admits"/> is pure given the round: same request, same round, same answer.</item>
/// <item><see cref="Admits"/> is O(1) or O(log cores) and allocates nothing: it runs for every queued request.</item>
/// <item><see cref="Explain"/> is called only after <see cref="Admits"/> refused, and only for the few refusals a round explains; it may allocate.</item>
/// <item>A stage that has nothing to say about a request (e.g. no time estimate) admits it.</item>
/// </list>
/// </summary>
internal interface IPlacementStage
{
    string Name { get; }

    bool Admits(in RequestView request, CoreRound round);

    /// <summary>Why <paramref name="request"/> was refused here, for a person.</summary>
    string Explain(in RequestView request, CoreRound round);
}
