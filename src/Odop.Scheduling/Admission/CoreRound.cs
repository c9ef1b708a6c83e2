using System.Text;
using Odop.Core.Hardware;
using Odop.Scheduling.Prediction;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling.Admission;

/// <summary>
/// Per-round core data, worked out once per decision so that each queued request costs O(1):
/// how far each usable core got through the core filters (its depth), how many cores are left
/// after each filter, the memory left, and — lazily — each candidate's predicted idle window.
/// Arrays are kept between rounds; a round allocates nothing unless the node's CPU sets change.
/// Invariant: <c>LeftAfter(i)</c> is the number of usable cores whose depth is greater than i.
/// </summary>
internal sealed class CoreRound
{
    private readonly IReadOnlyList<CoreFilter> _filters;
    private readonly int[] _leftAfter;
    private CpuSet? _usableSet;
    private CpuSet? _excludedSet;
    private int[] _usable = [];
    private bool[] _excluded = new bool[64];
    private bool[] _isUsable = new bool[64];
    private int[] _depth = new int[64];
    private int[] _window = new int[64];
    private int[] _windowStamp = new int[64];
    private bool[] _bursty = new bool[64];
    private int[] _burstyStamp = new int[64];
    private double[] _gapShare = new double[64]; // idle share left by the simulation on a gapped core; 0 when not gapped
    private int[] _gapStamp = new int[64];
    private bool[] _gapFill = new bool[64];
    private CpuSet? _gapFillSet;
    private int[] _numaCount = new int[4];
    private int[] _sortedWindows = new int[64];
    private int _sortedCount;
    private bool _sortedValid;
    private int _stamp;

    public CoreRound(SchedulerOptions options, NodePredictor predictor, CoreLoads loads, TaskBook book, IReadOnlyList<CoreFilter> filters)
    {
        Options = options;
        Predictor = predictor;
        Loads = loads;
        Book = book;
        _filters = filters;
        _leftAfter = new int[filters.Count];
        ForcedDepth = filters.TakeWhile(f => f.AppliesToForced).Count();
    }

    public SchedulerOptions Options { get; }
    public NodePredictor Predictor { get; }
    public CoreLoads Loads { get; }
    public TaskBook Book { get; }
    public NodeFacts Node { get; private set; } = new(CpuSet.Empty);
    public TimeSpan Now { get; private set; }

    /// <summary>Memory a new task may still claim this round: available minus the safety margin, minus what this round placed.</summary>
    public long MemoryLeft { get; set; }
    public long MemoryMargin { get; private set; }

    /// <summary>Usable CPU ids, ascending.</summary>
    public ReadOnlySpan<int> Usable => _usable;

    public int FullDepth => _filters.Count;

    /// <summary>Depth a core needs to take a forced start: the leading filters that apply to forced starts.</summary>
    public int ForcedDepth { get; }

    /// <summary>Cores that passed every core filter: where a normal request may go.</summary>
    public int Candidates => _filters.Count == 0 ? _usable.Length : _leftAfter[^1];

    public int LeftAfter(int stage) => _leftAfter[stage];

    public int DepthOf(int core) => core < _depth.Length ? _depth[core] : 0;

    public bool IsExcluded(int core) => core < _excluded.Length && _excluded[core];

    /// <summary>Usable and not excluded: a core a side task may be on at all.</summary>
    public bool Allows(int core) => core < _isUsable.Length && _isUsable[core] && !_excluded[core];

    /// <summary>Usable, and not excluded or excluded only for everything but gap filling (<see cref="NodeFacts.GapFillCpus"/>).</summary>
    public bool AllowsGapFill(int core) => core < _isUsable.Length && _isUsable[core] && (!_excluded[core] || _gapFill[core]);

    public bool IsCandidate(int core, bool forced) => DepthOf(core) >= (forced ? ForcedDepth : FullDepth);

    public void Begin(SchedulingInput input)
    {
        Node = input.Node;
        Now = input.Now;
        _stamp++;
        RefreshSets(input.Node);
        MemoryMargin = Options.MemorySafetyBytes ?? (long)(input.Node.TotalMemoryBytes * Options.MemorySafetyFraction);
        MemoryLeft = input.Node.AvailableMemoryBytes - MemoryMargin;

        Array.Clear(_leftAfter);
        Array.Clear(_numaCount);
        _sortedValid = false;
        foreach (var core in _usable)
        {
            _depth[core] = 0;
            Count(core, +1);
        }
    }

    /// <summary>A core taken by a task this round: it leaves every count it was in.</summary>
    public void Take(int core)
    {
        Count(core, -1);
        _depth[core] = 0;
    }

    /// <summary>A core released this round (its task paused): judged again by the core filters.</summary>
    public void Reconsider(int core)
    {
        if (Array.IndexOf(_usable, core) < 0) return;
        Count(core, -1);
        _depth[core] = 0;
        Count(core, +1);
    }

    // Runs the core filters for a core whose depth is 0 (sign +1), or removes its contribution (sign -1).
    private void Count(int core, int sign)
    {
        var depth = _depth[core];
        if (sign > 0)
        {
            while (depth < _filters.Count && _filters[depth].AdmitsCore(core, this)) depth++;
            _depth[core] = depth;
        }
        for (var i = 0; i < depth; i++) _leftAfter[i] += sign;
        if (depth < _filters.Count) return;
        var numa = Node.Topology.NumaOf(core);
        if (numa >= 0)
        {
            if (numa >= _numaCount.Length) Array.Resize(ref _numaCount, numa + 1);
            _numaCount[numa] += sign;
        }
        if (_sortedValid) UpdateSorted(WindowOf(core), sign);
    }

    /// <summary>Full candidates on NUMA node <paramref name="numa"/>.</summary>
    public int CandidatesOnNuma(int numa) => numa >= 0 && numa < _numaCount.Length ? _numaCount[numa] : 0;

    /// <summary>
    /// Predicted idle window of <paramref name="core"/> in samples, up to the lookahead; the lookahead
    /// itself means the window has no predicted end. Computed at most once per core per round.
    /// </summary>
    public int WindowOf(int core)
    {
        if (_windowStamp[core] == _stamp) return _window[core];
        var steps = IsQuietUnboundCore(core) || IsShortBurstCore(core)
            ? Predictor.Options.LookaheadSteps
            : Predictor[core]?.IdleSteps(Options.IdleThreshold, Predictor.Options.LookaheadSteps) ?? 0;
        _window[core] = steps;
        _windowStamp[core] = _stamp;
        return steps;
    }

    /// <summary>
    /// Still in its predictor's warm-up, outside every simulation rank's CPUs (once ranks are known), and quiet in
    /// its last <see cref="SchedulerOptions.UnboundCoreQuietSamples"/> samples: idle with no predicted end, since the
    /// rhythm the warm-up would learn is the simulation's, and no rank can run here. Load in earlier samples is the
    /// launch (mpirun, a wrapper, odop itself), which has ended by the time the ranks are known.
    /// </summary>
    public bool IsQuietUnboundCore(int core)
    {
        var quietSamples = Options.UnboundCoreQuietSamples;
        if (quietSamples == 0 || Node.SimulationCpus.IsEmpty || Node.SimulationCpus.Contains(core)) return false;
        return Predictor[core] is { IsWarm: false } predictor && predictor.LastSamplesUnder(Options.IdleThreshold, quietSamples);
    }

    /// <summary>
    /// Idle but for short bursts (<see cref="SchedulerOptions.ShortBurstSamples"/>): recent spells of load, the one going
    /// on now included, were all short, and most samples quiet. Worked out at most once per core per round.
    /// </summary>
    public bool IsShortBurstCore(int core)
    {
        var longest = Options.ShortBurstSamples;
        if (longest == 0 || core >= _burstyStamp.Length) return false;
        if (_burstyStamp[core] == _stamp) return _bursty[core];
        var bursty = false;
        if (Predictor[core] is { } predictor)
        {
            var shape = predictor.Bursts(Options.IdleThreshold);
            bursty = shape.Ended >= Options.ShortBurstMinCount && shape.Longest <= longest && shape.QuietShare >= Options.ShortBurstMinQuietShare;
        }
        _bursty[core] = bursty;
        _burstyStamp[core] = _stamp;
        return bursty;
    }

    /// <summary>
    /// Busy with simulation work but for steady gaps (<see cref="SchedulerOptions.GapFillMinIdleShare"/>): over the last
    /// <see cref="SchedulerOptions.GapFillSamples"/> samples the mean load is over the idle threshold and leaves at least
    /// the minimum idle share, and at most <see cref="SchedulerOptions.GapFillMaxGapless"/> samples leave less than half
    /// of it. Worked out at most once per core per round.
    /// </summary>
    public bool IsGapCore(int core) => GapShare(core) > 0;

    /// <summary>The mean idle share a gapped core's simulation leaves (see <see cref="IsGapCore"/>); 0 when the core is not gapped.</summary>
    public double GapShare(int core)
    {
        var minShare = Options.GapFillMinIdleShare;
        if (minShare == 0 || core >= _gapStamp.Length) return 0;
        if (_gapStamp[core] == _stamp) return _gapShare[core];
        var share = 0.0;
        if (Predictor[core] is { } predictor && predictor.Recent(Options.GapFillSamples, 1 - minShare / 2) is { Samples: > 0 } recent
            && recent.Mean >= Options.IdleThreshold && 1 - recent.Mean >= minShare && recent.Over <= Options.GapFillMaxGapless)
            share = 1 - recent.Mean;
        _gapShare[core] = share;
        _gapStamp[core] = _stamp;
        return share;
    }

    public bool HasOpenWindow(int core) => WindowOf(core) >= Predictor.Options.LookaheadSteps;

    /// <summary>Full candidates whose idle window is at least <paramref name="steps"/> long or has no predicted end.</summary>
    public int CandidatesWithWindow(int steps)
    {
        if (!_sortedValid) SortWindows();
        var first = LowerBound(Math.Min(steps, Predictor.Options.LookaheadSteps));
        return _sortedCount - first;
    }

    /// <summary>The longest predicted window among full candidates, in samples; 0 when there are none.</summary>
    public int LongestWindow()
    {
        if (!_sortedValid) SortWindows();
        return _sortedCount == 0 ? 0 : _sortedWindows[_sortedCount - 1];
    }

    private void SortWindows()
    {
        _sortedCount = 0;
        foreach (var core in _usable)
            if (_depth[core] == _filters.Count) _sortedWindows[_sortedCount++] = WindowOf(core);
        Array.Sort(_sortedWindows, 0, _sortedCount);
        _sortedValid = true;
    }

    private void UpdateSorted(int window, int sign)
    {
        var at = LowerBound(window);
        if (sign < 0)
        {
            if (at >= _sortedCount || _sortedWindows[at] != window) return;
            Array.Copy(_sortedWindows, at + 1, _sortedWindows, at, _sortedCount - at - 1);
            _sortedCount--;
        }
        else
        {
            Array.Copy(_sortedWindows, at, _sortedWindows, at + 1, _sortedCount - at);
            _sortedWindows[at] = window;
            _sortedCount++;
        }
    }

    private int LowerBound(int value)
    {
        int lo = 0, hi = _sortedCount;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sortedWindows[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void RefreshSets(NodeFacts node)
    {
        if (!ReferenceEquals(node.UsableCpus, _usableSet))
        {
            _usableSet = node.UsableCpus;
            _usable = [.. node.UsableCpus.Ids];
            var size = _usable.Length == 0 ? 0 : _usable[^1] + 1;
            if (size > _depth.Length)
            {
                Array.Resize(ref _depth, size);
                Array.Resize(ref _window, size);
                Array.Resize(ref _windowStamp, size);
                Array.Resize(ref _bursty, size);
                Array.Resize(ref _burstyStamp, size);
                Array.Resize(ref _gapShare, size);
                Array.Resize(ref _gapStamp, size);
                Array.Resize(ref _gapFill, size);
                Array.Resize(ref _excluded, size);
                Array.Resize(ref _isUsable, size);
            }
            Array.Clear(_isUsable);
            foreach (var core in _usable) _isUsable[core] = true;
            if (_usable.Length > _sortedWindows.Length) Array.Resize(ref _sortedWindows, _usable.Length);
            _excludedSet = null;
            _gapFillSet = null;
        }
        if (!ReferenceEquals(node.ExcludedCpus, _excludedSet))
        {
            _excludedSet = node.ExcludedCpus;
            Array.Clear(_excluded);
            foreach (var core in node.ExcludedCpus.Ids)
                if (core < _excluded.Length) _excluded[core] = true;
        }
        if (!ReferenceEquals(node.GapFillCpus, _gapFillSet))
        {
            _gapFillSet = node.GapFillCpus;
            Array.Clear(_gapFill);
            foreach (var core in node.GapFillCpus.Ids)
                if (core < _gapFill.Length) _gapFill[core] = true;
        }
    }

    /// <summary>A hash of how far every usable core got through the core filters: equal fingerprints, equal refusals by those filters.</summary>
    public int Fingerprint()
    {
        var hash = new HashCode();
        hash.Add(_usable.Length);
        foreach (var core in _usable) hash.Add(_depth[core]);
        return hash.ToHashCode();
    }

    /// <summary>The usable cores that core filter <paramref name="stage"/> turned away, as "3,7-9" (at most 16 listed).</summary>
    public string DescribeStoppedAt(int stage)
    {
        var ids = new List<int>();
        var total = 0;
        foreach (var core in _usable)
        {
            if (_depth[core] != stage) continue;
            total++;
            if (ids.Count < 16) ids.Add(core);
        }
        if (total == 0) return "none";
        var text = new StringBuilder(CpuSet.Of(ids).ToString());
        if (total > ids.Count) text.Append($",… ({total} in all)");
        return text.ToString();
    }
}
