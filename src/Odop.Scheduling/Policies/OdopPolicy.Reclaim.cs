using System.Globalization;
using Odop.Core.Hardware;
using Odop.Scheduling.Admission;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling.Policies;

internal sealed partial class OdopPolicy
{
    /// <summary>
    /// A running task whose core shows simulation load over the busy threshold in this very sample, other than a
    /// short burst on a core that has only had short bursts (<see cref="CoreRound.IsShortBurstCore"/>) or a single-core
    /// task on a gapped core it may fill (<see cref="CoreRound.IsGapCore"/>), (or whose core was excluded or taken out
    /// of the usable set, gap filling aside; forced starts only for that reason)
    /// is moved off that core (to idle candidates, keeping its other cores) or, if none is free or it
    /// moved less than the dwell time ago, paused. So a task leaves a reclaimed core in the same
    /// round the busy sample arrives: within one sampling period.
    /// </summary>
    private void Reclaim(DecisionBuilder decision)
    {
        foreach (var task in _book.InOrder)
        {
            if (task.Paused || task.Cpus.IsEmpty) continue;
            var gapTolerant = FitsGaps(task) && task.Cpus.Count == 1;
            var busy = task.Forced ? [] : BusyCores(task.Cpus, gapTolerant);
            var barred = BarredCores(task.Cpus, gapTolerant);
            if (busy.Length == 0 && barred.Length == 0) continue;
            foreach (var core in busy) _loads.MarkReclaimed(core);
            if (gapTolerant)
            {
                foreach (var core in busy) NoteGapsClosed(core);
                foreach (var core in barred) NoteGapsClosed(core);
            }
            var why = barred.Length == 0 ? BusyText(busy)
                : busy.Length == 0 ? $"core {CpuSet.Of(barred)} no longer usable or now excluded"
                : $"{BusyText(busy)}; core {CpuSet.Of(barred)} no longer usable or now excluded";
            if (barred.Length > 0) busy = [.. busy.Union(barred).Order()];

            if (task.LastMovedAt is { } moved && _round.Now - moved < _options.MinDwell)
            {
                PauseTask(task, decision, string.Create(CultureInfo.InvariantCulture,
                    $"{why}; moved {(_round.Now - moved).TotalSeconds:G3} s ago, so paused rather than moved again within the {_options.MinDwell.TotalSeconds:G3} s dwell"));
                continue;
            }

            var kept = task.Cpus.Ids.Where(core => Array.IndexOf(busy, core) < 0).ToArray();
            var chosen = CoreSelector.Select(_round, _chain.Scorers, busy.Length, forced: false, minWindow: null, task.Cpus, kept);
            if (chosen is null)
            {
                PauseTask(task, decision, $"{why}; no idle core to move to, paused");
                continue;
            }
            var replacement = CoreSelector.Cpus(chosen);
            var cpus = CpuSet.Of(kept.Concat(replacement.Ids));
            foreach (var core in replacement.Ids) _round.Take(core);
            _book.Pin(task, cpus);
            foreach (var core in busy) _round.Reconsider(core);
            task.LastMovedAt = _round.Now;
            decision.Add(new SetAffinity(task.Id, cpus, $"{why}; moved to {replacement}") { Scores = chosen });
        }
    }

    // Runs for every running task every round: indexed loops, no allocation unless a core is busy.
    private int[] BusyCores(CpuSet cpus, bool gapTolerant)
    {
        var ids = cpus.Ids;
        var count = 0;
        for (var i = 0; i < ids.Count; i++)
            if (IsReclaimedBySimulation(ids[i], gapTolerant)) count++;
        if (count == 0) return [];
        var busy = new int[count];
        count = 0;
        for (var i = 0; i < ids.Count; i++)
            if (IsReclaimedBySimulation(ids[i], gapTolerant)) busy[count++] = ids[i];
        return busy;
    }

    // Over the busy threshold now, and not one more short burst on a core that has only had short ones, nor, for a task
    // that may live in gaps, a gapped core it may fill.
    private bool IsReclaimedBySimulation(int core, bool gapTolerant) =>
        _loads.Load(core) > _options.BusyThreshold && !_round.IsShortBurstCore(core) && !(gapTolerant && HoldsGaps(core));

    // A core taken out of the usable set, or excluded, while a task ran on it: the task must leave it too, unless it
    // may live in gaps and the core lends its gaps.
    private int[] BarredCores(CpuSet cpus, bool gapTolerant)
    {
        var ids = cpus.Ids;
        var count = 0;
        for (var i = 0; i < ids.Count; i++)
            if (IsBarred(ids[i], gapTolerant)) count++;
        return count == 0 ? [] : [.. ids.Where(core => IsBarred(core, gapTolerant))];
    }

    private bool IsBarred(int core, bool gapTolerant) => !_round.Allows(core) && !(gapTolerant && HoldsGaps(core));

    private string BusyText(int[] busy)
    {
        var loads = string.Join(", ", busy.Select(core => _loads.Load(core).ToString("F2", CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture,
            $"core {CpuSet.Of(busy)} busy with simulation work (load {loads} > {_options.BusyThreshold:F2})");
    }

    private void PauseTask(SideTask task, DecisionBuilder decision, string reason)
    {
        var released = task.Cpus;
        _book.Pause(task, _round.Now);
        foreach (var core in released.Ids) _round.Reconsider(core);
        decision.Add(new Pause(task.Id, reason));
    }

    /// <summary>A task paused for <see cref="SchedulerOptions.MaxPause"/> or more is stopped and queued again; its cores are remembered for its next start.</summary>
    private void RequeueLongPaused(DecisionBuilder decision)
    {
        for (var i = _book.InOrder.Count - 1; i >= 0; i--)
        {
            var task = _book.InOrder[i];
            if (!task.Paused || _round.Now - task.PausedSince < _options.MaxPause) continue;
            _book.Remove(task.Id, remember: true);
            decision.Add(new StopAndRequeue(task.Id, string.Create(CultureInfo.InvariantCulture,
                $"paused for {(_round.Now - task.PausedSince).TotalSeconds:G3} s (limit {_options.MaxPause.TotalSeconds:G3} s) with no idle core to resume on")));
        }
    }

    /// <summary>Paused tasks, oldest first, resume on idle candidates (preferring where they ran); one that does not fit does not block smaller ones.</summary>
    private void ResumePaused(DecisionBuilder decision)
    {
        foreach (var task in _book.InOrder)
        {
            if (_round.Candidates == 0) return;
            if (!task.Paused || task.Need > _round.Candidates) continue;
            var chosen = CoreSelector.Select(_round, _chain.Scorers, task.Need, forced: false, minWindow: null, task.LastCpus, []);
            if (chosen is null) continue;
            var cpus = CoreSelector.Cpus(chosen);
            foreach (var core in cpus.Ids) _round.Take(core);
            _book.Resume(task, cpus);
            decision.Add(new Resume(task.Id, cpus, $"idle core(s) {cpus} available again") { Scores = chosen });
        }
    }
}
