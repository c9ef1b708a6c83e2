using Odop.Core.Executions;
using Odop.Core.Hardware;

namespace Odop.Agent.Loop;

/// <summary>
/// Every execution the agent knows, and the queued ones in dispatch order (priority high first,
/// then enqueue order). Owned by the agent loop's single reader: no locks.
/// </summary>
internal sealed class ExecutionBook
{
    private readonly Dictionary<string, TrackedExecution> _byId = new(StringComparer.Ordinal);
    private readonly SortedSet<TrackedExecution> _queued = new(DispatchOrder.Instance);
    private readonly HashSet<TrackedExecution> _live = [];
    private long _lastSequence;

    public int Count => _byId.Count;
    public int QueuedCount => _queued.Count;

    public long NextSequence() => ++_lastSequence;

    /// <summary>After a restart: new executions line up behind every stored one.</summary>
    public void ContinueSequenceFrom(long stored) => _lastSequence = Math.Max(_lastSequence, stored);

    public bool TryGet(string executionId, out TrackedExecution execution) => _byId.TryGetValue(executionId, out execution!);

    public IEnumerable<TrackedExecution> All => _byId.Values;
    public IEnumerable<TrackedExecution> QueuedInOrder => _queued;
    public IReadOnlyCollection<TrackedExecution> Live => _live;

    /// <summary>CPUs held by executions that are starting, running or paused.</summary>
    public CpuSet LeasedCpus()
    {
        var leased = CpuSet.Empty;
        foreach (var execution in _live) leased = leased.Union(execution.Record.Placement);
        return leased;
    }

    public void Add(TrackedExecution execution)
    {
        _byId.Add(execution.Id, execution);
        Index(execution);
    }

    /// <summary>Forgets an ended execution (history retention); live and queued ones are never removed.</summary>
    public void Remove(TrackedExecution execution)
    {
        if (execution.State == ExecutionState.Queued || execution.State.IsLive())
            throw new InvalidOperationException($"execution {execution.Id} is {execution.State}: only ended ones are removed");
        _byId.Remove(execution.Id);
    }

    /// <summary>Applies a transition (compare-and-swap on the current state) and keeps the indexes in step.</summary>
    public StateTransition Transition(TrackedExecution execution, ExecutionState to, DateTimeOffset at, string reason)
    {
        // Out of the indexes before the change: a sorted set must never see its key move.
        _queued.Remove(execution);
        _live.Remove(execution);
        try
        {
            return execution.Record.TransitionTo(execution.State, to, at, reason);
        }
        finally
        {
            Index(execution);
        }
    }

    /// <summary>A queued execution's new priority, with its history note; it moves to its new place in the dispatch order.</summary>
    public StateTransition SetPriority(TrackedExecution execution, int priority, DateTimeOffset at, string reason)
    {
        // Out of the sorted set before its key changes, back in after.
        _queued.Remove(execution);
        try
        {
            execution.Record.Priority = priority;
            return execution.Record.AddNote(at, reason);
        }
        finally
        {
            Index(execution);
        }
    }

    private void Index(TrackedExecution execution)
    {
        if (execution.State == ExecutionState.Queued) _queued.Add(execution);
        else if (execution.State.IsLive()) _live.Add(execution);
    }

    private sealed class DispatchOrder : IComparer<TrackedExecution>
    {
        public static readonly DispatchOrder Instance = new();

        public int Compare(TrackedExecution? x, TrackedExecution? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var byPriority = y.Record.Priority.CompareTo(x.Record.Priority);
            return byPriority != 0 ? byPriority : x.Record.EnqueueSequence.CompareTo(y.Record.EnqueueSequence);
        }
    }
}
