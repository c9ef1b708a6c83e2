using Odop.Core.Hardware;

namespace Odop.Scheduling.Admission;

/// <summary>
/// "Take the best": picks a request's cores one at a time, each the candidate with the highest
/// weighted score given the cores picked so far (ties go to the lowest id, so the choice is
/// deterministic). Records every scorer's score for each chosen core.
/// </summary>
internal static class CoreSelector
{
    /// <param name="minWindow">When set, only cores whose predicted window is at least this many samples (or open-ended).</param>
    /// <param name="anchor">Cores the task keeps (a move): they steer NUMA packing but are not picked again.</param>
    /// <returns>The chosen cores, or null when fewer than <paramref name="need"/> candidates qualify.</returns>
    public static CoreScore[]? Select(CoreRound round, IReadOnlyList<ICoreScorer> scorers, int need, bool forced,
        int? minWindow, CpuSet? previous, ReadOnlySpan<int> anchor)
    {
        var picked = new int[anchor.Length + need];
        anchor.CopyTo(picked);
        var count = anchor.Length;
        var chosen = new CoreScore[need];
        var lookahead = round.Predictor.Options.LookaheadSteps;
        for (var n = 0; n < need; n++)
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            foreach (var core in round.Usable)
            {
                if (!round.IsCandidate(core, forced) || Array.IndexOf(picked, core, 0, count) >= 0) continue;
                if (minWindow is { } w && round.WindowOf(core) < Math.Min(w, lookahead)) continue;
                var context = new SelectionContext(round, picked.AsSpan(0, count), previous, need);
                var total = 0.0;
                foreach (var scorer in scorers) total += scorer.Weight * scorer.Score(core, context);
                if (total > bestScore) (best, bestScore) = (core, total);
            }
            if (best < 0) return null;
            chosen[n] = Explain(best, bestScore, scorers, new SelectionContext(round, picked.AsSpan(0, count), previous, need));
            picked[count++] = best;
        }
        return chosen;
    }

    private static CoreScore Explain(int core, double total, IReadOnlyList<ICoreScorer> scorers, in SelectionContext context)
    {
        var parts = new ScorerScore[scorers.Count];
        for (var i = 0; i < parts.Length; i++) parts[i] = new ScorerScore(scorers[i].Name, scorers[i].Score(core, context), scorers[i].Weight);
        return new CoreScore(core, total, parts);
    }

    public static CpuSet Cpus(IEnumerable<CoreScore> scores) => CpuSet.Of(scores.Select(s => s.Core));
}
