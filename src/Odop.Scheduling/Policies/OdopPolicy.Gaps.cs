using System.Globalization;
using Odop.Core.Hardware;
using Odop.Core.Profiles;
using Odop.Scheduling.Admission;
using Odop.Scheduling.Placement;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling.Policies;

/// <summary>
/// Gap filling (<see cref="SchedulerOptions.GapFillMinIdleShare"/>): the tier below idle cores. A core the simulation
/// keeps busy but for steady gaps lends those gaps to one single-core side task under SCHED_IDLE. Idle cores always
/// come first: a task in the gaps moves to one as soon as it is free, and the gaps only get what the idle cores left.
/// </summary>
internal sealed partial class OdopPolicy
{
    private readonly List<int> _gapCores = [];
    // When each core last had a task reclaimed from its gaps: it lends them again only once a whole window has passed.
    private readonly Dictionary<int, TimeSpan> _gapsClosedAt = [];

    /// <summary>Can live in a core's gaps: one core, not a user's forced start, not an exclusive measurement.</summary>
    private static bool FitsGaps(int need, bool forced, ExecutionClass executionClass) =>
        need == 1 && !forced && executionClass != ExecutionClass.Exclusive;

    private static bool FitsGaps(SideTask task) => FitsGaps(task.Need, task.Forced, task.Class);

    /// <summary>A core a gap-fitting task may stay on: gapped, and allowed to lend its gaps.</summary>
    private bool HoldsGaps(int core) => _round.AllowsGapFill(core) && _round.IsGapCore(core);

    /// <summary>
    /// A core that may take a new task in its gaps: it holds gaps, and none closed on a task there within the last
    /// window. Without that, a window on the edge (its third gapless sample just in, or just out) paused and
    /// resumed the task at every sample.
    /// </summary>
    private bool LendsGaps(int core) =>
        HoldsGaps(core) && !(_gapsClosedAt.TryGetValue(core, out var closed) && _round.Now - closed < GapWindow);

    private TimeSpan GapWindow => _predictor.Options.SamplingPeriod * _options.GapFillSamples;

    /// <summary>Called when a task that may live in gaps is reclaimed from <paramref name="core"/>.</summary>
    private void NoteGapsClosed(int core)
    {
        if (_options.GapFillMinIdleShare > 0 && _round.AllowsGapFill(core)) _gapsClosedAt[core] = _round.Now;
    }

    /// <summary>Running tasks that live in a core's gaps move to an idle candidate while there is one, oldest first.</summary>
    private void PromoteFromGaps(DecisionBuilder decision)
    {
        if (_options.GapFillMinIdleShare == 0) return;
        foreach (var task in _book.InOrder)
        {
            if (_round.Candidates == 0) return;
            if (task.Paused || !FitsGaps(task) || task.Cpus.Count != 1) continue;
            var from = task.Cpus.Ids[0];
            if (!_round.IsGapCore(from)) continue;
            var chosen = CoreSelector.Select(_round, _chain.Scorers, 1, forced: false, minWindow: null, task.Cpus, []);
            if (chosen is null) return;
            var cpus = CoreSelector.Cpus(chosen);
            foreach (var core in cpus.Ids) _round.Take(core);
            _book.Pin(task, cpus);
            task.LastMovedAt = _round.Now;
            decision.Add(new SetAffinity(task.Id, cpus, string.Create(CultureInfo.InvariantCulture,
                $"idle core {cpus} free: moved out of the simulation's gaps on core {from}")) { Scores = chosen });
        }
    }

    /// <summary>
    /// After the queue had the idle cores: each free gapped core takes one task, largest gap first — a paused task
    /// first (oldest first), then the queue in order. Memory and the class rule hold as for any start.
    /// </summary>
    private void FillGaps(IReadOnlyList<PlacementRequest> queue, DecisionBuilder decision)
    {
        if (_options.GapFillMinIdleShare == 0 || !CollectGapCores()) return;
        var next = 0;
        foreach (var task in _book.InOrder)
        {
            if (next == _gapCores.Count) return;
            if (!task.Paused || !FitsGaps(task) || !ClassRule.Admits(task.Class, _book)) continue;
            var core = _gapCores[next++];
            var cpus = CpuSet.Of(core);
            _round.Take(core);
            _book.Resume(task, cpus);
            decision.Add(new Resume(task.Id, cpus, GapReason(core)));
        }
        foreach (var request in queue)
        {
            if (next == _gapCores.Count) return;
            if (!FitsGaps(request.CoresNeeded, request.Forced, request.Class) || _book.Contains(request.ExecutionId)) continue;
            if (!ClassRule.Admits(request.Class, _book) || (request.MemoryBytes > 0 && request.MemoryBytes > _round.MemoryLeft)) continue;
            var core = _gapCores[next++];
            var cpus = CpuSet.Of(core);
            _round.Take(core);
            _round.MemoryLeft -= request.MemoryBytes;
            _book.TakePrevious(request.ExecutionId);
            _book.Add(request.ExecutionId, 1, request.MemoryBytes, forced: false, cpus, _round.Now, request.Class);
            decision.Add(new Start(request.ExecutionId, cpus, GapReason(core)));
        }
    }

    // Free gapped cores whose SMT siblings are not busy with simulation work, largest gap first (then lowest id).
    private bool CollectGapCores()
    {
        _gapCores.Clear();
        foreach (var core in _round.Usable)
            if (!_book.IsLeased(core) && LendsGaps(core) && !(_options.AvoidSmtSiblings && SmtSiblingFilter.SiblingBusy(core, _round))) _gapCores.Add(core);
        if (_gapCores.Count > 1) _gapCores.Sort((a, b) => _round.GapShare(b).CompareTo(_round.GapShare(a)) is var c and not 0 ? c : a.CompareTo(b));
        return _gapCores.Count > 0;
    }

    private string GapReason(int core) => string.Create(CultureInfo.InvariantCulture,
        $"in the simulation's gaps on core {core}: it left {_round.GapShare(core) * 100:F0}% of the core idle over the last {GapWindow.TotalSeconds:G3} s, and under SCHED_IDLE the task yields it at once");
}
