namespace Odop.Node.Sampling;

/// <summary>
/// Per-core utilisation history for the predictor: one <see cref="SampleHistory{T}"/> per core id,
/// appended from each <see cref="SystemSample"/>. A core missing from a sample (offline) gets no
/// value for it. Not thread-safe.
/// </summary>
public sealed class CpuHistory(int capacity = SampleHistory<double>.DefaultCapacity)
{
    private SampleHistory<double>?[] _byCore = [];
    private readonly List<int> _coreIds = [];

    public int Capacity { get; } = capacity;

    /// <summary>Sample times, one per appended sample.</summary>
    public SampleHistory<DateTimeOffset> Timestamps { get; } = new(capacity);

    /// <summary>Ids of the cores seen so far, in the order first seen.</summary>
    public IReadOnlyList<int> CoreIds => _coreIds;

    public void Append(SystemSample sample)
    {
        Timestamps.Append(sample.Timestamp);
        foreach (var core in sample.Cores) For(core.Id).Append(core.Usage);
    }

    /// <summary>The last min(count, available) usages of a core, oldest first; empty for an unknown core.</summary>
    public ReadOnlySpan<double> Last(int coreId, int count) =>
        coreId >= 0 && coreId < _byCore.Length && _byCore[coreId] is { } h ? h.Last(count) : [];

    public int Count(int coreId) =>
        coreId >= 0 && coreId < _byCore.Length && _byCore[coreId] is { } h ? h.Count : 0;

    private SampleHistory<double> For(int coreId)
    {
        if (coreId >= _byCore.Length) Array.Resize(ref _byCore, Math.Max(coreId + 1, _byCore.Length * 2));
        if (_byCore[coreId] is { } existing) return existing;
        _coreIds.Add(coreId);
        return _byCore[coreId] = new SampleHistory<double>(Capacity);
    }
}
