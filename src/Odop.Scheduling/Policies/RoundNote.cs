using Odop.Scheduling.Admission;

namespace Odop.Scheduling.Policies;

/// <summary>Hands out the round's <see cref="RoundSummary"/>, reusing the last one while the counts stay the same.</summary>
internal sealed class RoundNote
{
    private RoundSummary _last = RoundSummary.None;

    public RoundSummary For(CoreRound round, PlacementChain chain, int queued)
    {
        var filters = chain.CoreFilters;
        if (_last.Same(queued, round, filters.Count)) return _last;
        var names = new string[filters.Count];
        var left = new int[filters.Count];
        for (var i = 0; i < filters.Count; i++) (names[i], left[i]) = (filters[i].Name, round.LeftAfter(i));
        return _last = new RoundSummary(queued, round.Usable.Length, names, left);
    }
}
