using Odop.Core.Executions;
using Odop.Core.Hardware;

namespace Odop.Agent.Loop;

/// <summary>
/// Every execution the agent knows, and the queued ones in dispatch order (priority high first,
/// then enqueue order). Owned by the agent loop's single reader: no locks.
/// </summary>
internal sealed class ExecutionBook
{
    private readonly Dictionary<string, ExecutionRecord> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<ExecutionRecord> _queued = new(DispatchOrder.Instance);
    private long _lastSequence;

    public int Count => _byId.Count;

    public long NextSequence() => ++_lastSequence;

    public bool TryGet(string executionId, out ExecutionRecord record) => _byId.TryGetValue(executionId, out record!);

    public IEnumerable<ExecutionRecord> All => _byId.Values;

    public IEnumerable<ExecutionRecord> QueuedInOrder => _queued;

    public IEnumerable<ExecutionRecord> Live => _byId.Values.Where(r => r.State.IsLive());

    public int QueuedCount => _queued.Count;

    /// <summary>CPUs held by executions that are starting, running or paused.</summary>
    public CpuSet LeasedCpus()
    {
        var leased = CpuSet.Empty;
        foreach (var r in Live)
            if (r.Cpus is { } cpus) leased = leased.Union(cpus);
        return leased;
    }

    public void Add(ExecutionRecord record)
    {
        _byId.Add(record.ExecutionId.Value, record);
        if (record.State == ExecutionState.Queued) _queued.Add(record);
    }

    /// <summary>Applies a transition (compare-and-swap on <paramref name="expectedFrom"/>) and keeps the queue in step.</summary>
    public StateTransition Transition(ExecutionRecord record, ExecutionState expectedFrom, ExecutionState to, DateTimeOffset at, string reason)
    {
        var wasQueued = record.State == ExecutionState.Queued;
        if (wasQueued) _queued.Remove(record); // remove before mutation: the sort key must not change while inside
        try
        {
            return record.TransitionTo(expectedFrom, to, at, reason);
        }
        finally
        {
            if (record.State == ExecutionState.Queued) _queued.Add(record);
        }
    }

    private sealed class DispatchOrder : IComparer<ExecutionRecord>
    {
        public static readonly DispatchOrder Instance = new();

        public int Compare(ExecutionRecord? x, ExecutionRecord? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var byPriority = y.Priority.CompareTo(x.Priority);
            return byPriority != 0 ? byPriority : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
