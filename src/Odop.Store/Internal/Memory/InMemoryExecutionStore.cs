using System.Diagnostics;
using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Profiles;

namespace Odop.Store.Internal.Memory;

/// <summary>
/// The contract kept in process memory, for tests and <c>--store memory</c>. One lock guards
/// everything, so every call is atomic and "committed" the moment it returns; nothing survives
/// the process.
/// </summary>
internal sealed class InMemoryExecutionStore : IExecutionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ExecutionId, StoredExecution> _byId = [];
    private readonly Dictionary<(string TaskId, ExecutionId ExecutionId), (Measurement Value, long Row)> _measurements = [];
    private readonly Dictionary<ExecutionId, SortedDictionary<string, string>> _results = [];
    private readonly Dictionary<ExecutionId, List<ExecutionNote>> _notes = [];
    private long _nextRow;
    private long _maxSequence;
    private bool _disposed;

    public Task<IReadOnlyList<EnqueueResult>> EnqueueAsync(IReadOnlyList<ExecutionRecord> batch, CancellationToken cancellationToken = default)
    {
        Rules.ValidateEnqueue(batch);
        return Locked<IReadOnlyList<EnqueueResult>>(() =>
        {
            // Validated above and nothing below can fail, so the batch goes in whole.
            var results = new EnqueueResult[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var record = batch[i];
                var created = !_byId.TryGetValue(record.Id, out var stored);
                if (created)
                {
                    stored = StoredExecution.FromNew(record, ++_nextRow);
                    _byId.Add(stored.Id, stored);
                    _maxSequence = Math.Max(_maxSequence, stored.EnqueueSequence);
                }
                results[i] = new EnqueueResult(stored!.Id, created, stored.State, stored.TaskId, stored.EnqueueSequence);
            }
            return results;
        }, cancellationToken);
    }

    public Task<TransitionResult> TryTransitionAsync(
        ExecutionId id, ExecutionState expectedFrom, ExecutionState to, DateTimeOffset at, string reason,
        ExecutionChanges? changes = null, CancellationToken cancellationToken = default)
    {
        var request = new TransitionRequest(id, expectedFrom, to, at, reason, changes);
        request.Validate();
        return Locked(() => Apply(request), cancellationToken);
    }

    public Task<IReadOnlyList<TransitionResult>> ApplyAsync(IReadOnlyList<TransitionRequest> transitions, CancellationToken cancellationToken = default)
    {
        Rules.ValidateTransitions(transitions);
        return Locked<IReadOnlyList<TransitionResult>>(() => transitions.Select(Apply).ToArray(), cancellationToken);
    }

    public Task<TransitionResult> TryClaimAsync(
        ExecutionId id, DateTimeOffset at, string reason, ExecutionChanges? changes = null, CancellationToken cancellationToken = default) =>
        TryTransitionAsync(id, ExecutionState.Queued, ExecutionState.Starting, at, reason, changes, cancellationToken);

    public Task<ExecutionRecord?> ClaimNextAsync(DateTimeOffset at, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Locked(() =>
        {
            var head = _byId.Values.Where(e => e.State == ExecutionState.Queued).Order(DispatchOrder.Instance).FirstOrDefault();
            if (head is null) return null;
            Apply(new TransitionRequest(head.Id, ExecutionState.Queued, ExecutionState.Starting, at, reason));
            return head.ToRecord();
        }, cancellationToken);
    }

    /// <summary>The compare-and-swap; the caller holds the lock.</summary>
    private TransitionResult Apply(TransitionRequest request)
    {
        _byId.TryGetValue(request.Id, out var stored);
        if (Rules.Refusal(stored?.State, request.ExpectedFrom, request.To) is { } refusal)
            return new TransitionResult(request.Id, refusal, stored?.State, null);

        var transition = new StateTransition(request.ExpectedFrom, request.To, Rules.Utc(request.At), request.Reason);
        stored!.Transitions.Add(transition);
        stored.State = request.To;
        if (request.To.IsTerminal() && !request.IsNote) stored.EndedAt = transition.At;
        stored.Apply(request.Changes);
        Debug.Assert(stored.Transitions[^1].To == stored.State, "the last recorded move ends in the stored state");
        return new TransitionResult(request.Id, TransitionOutcome.Applied, request.To, transition);
    }

    public Task<ExecutionRecord?> GetAsync(ExecutionId id, CancellationToken cancellationToken = default) =>
        Locked(() => _byId.TryGetValue(id, out var stored) ? stored.ToRecord() : null, cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> ListAsync(ExecutionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return Locked<IReadOnlyList<ExecutionRecord>>(() =>
        {
            IEnumerable<StoredExecution> query = _byId.Values;
            if (filter.States is { Count: > 0 } states) query = query.Where(e => states.Contains(e.State));
            if (filter.Task is { } task) query = query.Where(e => Rules.TaskMatches(e.TaskId, e.TaskName, task));
            if (filter.Since is { } since) query = query.Where(e => e.EnqueuedAt >= since);
            query = filter.NewestFirst
                ? query.OrderByDescending(e => e.EnqueueSequence).ThenByDescending(e => e.Row)
                : query.OrderBy(e => e.EnqueueSequence).ThenBy(e => e.Row);
            if (filter.Limit is { } limit) query = query.Take(Math.Max(0, limit));
            return query.Select(e => e.ToRecord()).ToList();
        }, cancellationToken);
    }

    public Task<RecoverySet> LoadLiveAndQueuedAsync(CancellationToken cancellationToken = default) =>
        Locked(() =>
        {
            var bySequence = _byId.Values.OrderBy(e => e.EnqueueSequence).ThenBy(e => e.Row).ToList();
            return new RecoverySet(
                bySequence.Where(e => e.State == ExecutionState.Queued).Order(DispatchOrder.Instance).Select(e => e.ToRecord()).ToList(),
                bySequence.Where(e => e.State.IsLive()).Select(e => e.ToRecord()).ToList(),
                bySequence.Where(e => e.State == ExecutionState.Lost).Select(e => e.ToRecord()).ToList());
        }, cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> LoadWorkflowAsync(CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<ExecutionRecord>>(() => _byId.Values.Where(e => e.WorkflowJson is not null || e.Retries > 0 || e.NotBefore is not null)
            .OrderBy(e => e.EnqueueSequence).ThenBy(e => e.Row).Select(e => e.ToRecord()).ToList(), cancellationToken);

    public Task<IReadOnlyDictionary<ExecutionState, int>> CountByStateAsync(CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyDictionary<ExecutionState, int>>(() =>
        {
            var counts = Enum.GetValues<ExecutionState>().ToDictionary(s => s, _ => 0);
            foreach (var e in _byId.Values) counts[e.State]++;
            return counts;
        }, cancellationToken);

    public Task<long> MaxSequenceAsync(CancellationToken cancellationToken = default) => Locked(() => _maxSequence, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default) =>
        Locked(() =>
        {
            var doomed = _byId.Values.Where(e => e.State.IsTerminal() && e.EndedAt < endedBefore).Select(e => e.Id).ToList();
            foreach (var id in doomed)
            {
                _byId.Remove(id);
                _results.Remove(id);
                _notes.Remove(id);
            }
            return doomed.Count;
        }, cancellationToken);

    public Task RecordMeasurementAsync(string taskId, ExecutionId executionId, MeasuredUsage usage, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(usage);
        return Locked(() =>
        {
            // Replacing keeps the first arrival's place, as SQLite's upsert keeps its row.
            var key = (taskId, executionId);
            var row = _measurements.TryGetValue(key, out var old) ? old.Row : ++_nextRow;
            _measurements[key] = (new Measurement(taskId, executionId, usage, Rules.Utc(at)), row);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Measurement>> MeasurementsAsync(string taskId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return Locked<IReadOnlyList<Measurement>>(() => _measurements.Values
            .Where(m => m.Value.TaskId == taskId)
            .OrderByDescending(m => m.Value.At).ThenByDescending(m => m.Row)
            .Take(limit).Select(m => m.Value).ToList(), cancellationToken);
    }

    public Task<bool> RecordResultAsync(ExecutionId executionId, string kind, string location, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(location);
        return Locked(() =>
        {
            if (!_byId.ContainsKey(executionId)) return false;
            if (!_results.TryGetValue(executionId, out var kinds)) _results[executionId] = kinds = new(StringComparer.Ordinal);
            kinds[kind] = location;
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ResultLocation>> ResultsAsync(ExecutionId executionId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<ResultLocation>>(() => _results.TryGetValue(executionId, out var kinds)
            ? kinds.Select(k => new ResultLocation(executionId, k.Key, k.Value)).ToList()
            : [], cancellationToken);

    public Task<int> AddNotesAsync(IReadOnlyList<ExecutionNote> notes, CancellationToken cancellationToken = default)
    {
        Rules.ValidateNotes(notes);
        return Locked(() =>
        {
            var stored = 0;
            foreach (var note in notes)
            {
                if (!_byId.ContainsKey(note.ExecutionId)) continue;
                if (!_notes.TryGetValue(note.ExecutionId, out var list)) _notes[note.ExecutionId] = list = [];
                list.Add(note with { At = Rules.Utc(note.At) });
                stored++;
            }
            return stored;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ExecutionNote>> NotesAsync(ExecutionId executionId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<ExecutionNote>>(() => _notes.TryGetValue(executionId, out var list) ? [.. list] : [], cancellationToken);

    /// <summary>Runs <paramref name="body"/> under the lock; failures come back in the task, as an I/O store's would.</summary>
    private Task<T> Locked<T>(Func<T> body, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        lock (_gate)
        {
            if (_disposed) return Task.FromException<T>(new ObjectDisposedException(nameof(InMemoryExecutionStore)));
            return Task.FromResult(body());
        }
    }

    public void Dispose()
    {
        lock (_gate) _disposed = true;
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
