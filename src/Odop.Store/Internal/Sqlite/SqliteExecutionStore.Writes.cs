using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Profiles;

namespace Odop.Store.Internal.Sqlite;

internal sealed partial class SqliteExecutionStore
{
    public Task<IReadOnlyList<EnqueueResult>> EnqueueAsync(IReadOnlyList<ExecutionRecord> batch, CancellationToken cancellationToken = default)
    {
        Rules.ValidateEnqueue(batch);
        return WriteAsync<IReadOnlyList<EnqueueResult>>("enqueueing", () =>
        {
            var results = new EnqueueResult[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var r = batch[i];
                var inserted = _statements.InsertExecution.Execute(
                    r.Id.Value, r.TaskId, r.TaskName, r.Priority, r.ExecutionOption.ToJsonString(), r.EnqueueSequence,
                    Rules.ToTicks(r.EnqueuedAt), r.Node, r.Placement.ToString(), r.Pid, r.ExitCode,
                    r.Usage?.CpuSeconds, r.Usage?.PeakRssBytes, r.Usage?.PeakThreads, r.Usage?.WallSeconds, r.Class.ToName());
                if (inserted == 1)
                {
                    if (!r.Workflow.IsEmpty || r.Retries > 0 || r.NotBefore is not null)
                        _statements.InsertWorkflow.Execute(r.Id.Value, r.Workflow.ToJson().ToJsonString(), r.Retries,
                            r.NotBefore is { } nb ? (object?)Rules.ToTicks(nb) : null);
                    results[i] = new EnqueueResult(r.Id, true, ExecutionState.Queued, r.TaskId, r.EnqueueSequence);
                    continue;
                }
                // Already stored (or earlier in this batch): report what is there, change nothing.
                using var existing = _statements.SelectExisting.First(r.Id.Value);
                results[i] = new EnqueueResult(
                    r.Id, false, ExecutionStateNames.Parse(existing.Text(0)), existing.Text(1), existing.Int64(2));
            }
            // Crash point: the batch is written but not committed; see Transaction. The client
            // has no acknowledgement for any element yet and will enqueue them again.
            return results;
        }, cancellationToken);
    }

    public Task<TransitionResult> TryTransitionAsync(
        ExecutionId id, ExecutionState expectedFrom, ExecutionState to, DateTimeOffset at, string reason,
        ExecutionChanges? changes = null, CancellationToken cancellationToken = default)
    {
        var request = new TransitionRequest(id, expectedFrom, to, at, reason, changes);
        request.Validate();
        return WriteAsync("recording a transition", () => Apply(request), cancellationToken);
    }

    public Task<IReadOnlyList<TransitionResult>> ApplyAsync(IReadOnlyList<TransitionRequest> transitions, CancellationToken cancellationToken = default)
    {
        Rules.ValidateTransitions(transitions);
        return WriteAsync<IReadOnlyList<TransitionResult>>("recording transitions", () =>
        {
            var results = new TransitionResult[transitions.Count];
            for (var i = 0; i < transitions.Count; i++) results[i] = Apply(transitions[i]);
            // Crash point: none of the tick's transitions is committed yet; after a restart the
            // agent sees every one of these executions in its state from before the tick.
            return results;
        }, cancellationToken);
    }

    public Task<TransitionResult> TryClaimAsync(
        ExecutionId id, DateTimeOffset at, string reason, ExecutionChanges? changes = null, CancellationToken cancellationToken = default) =>
        TryTransitionAsync(id, ExecutionState.Queued, ExecutionState.Starting, at, reason, changes, cancellationToken);

    public Task<ExecutionRecord?> ClaimNextAsync(DateTimeOffset at, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return WriteAsync<ExecutionRecord?>("claiming the next execution", () =>
        {
            // Pick and move in one transaction: no other writer can claim the same head between them.
            ExecutionId id;
            using (var head = _statements.SelectDispatchHead.First())
            {
                if (!head.Exists) return null;
                id = ExecutionId.Parse(head.Text(0));
            }
            Apply(new TransitionRequest(id, ExecutionState.Queued, ExecutionState.Starting, at, reason));
            // Crash point: once this commits, the execution is starting but no process exists yet.
            // If the agent dies before the engine starts it, recovery finds it among the live ones;
            // the engine's list does not have it, so the agent moves it starting → lost → queued.
            // It can never be claimed twice: a second claim's compare-and-swap sees starting.
            return ExecutionQuery.Load(_writer, "e.id = $p0", [id.Value]).Single().ToRecord();
        }, cancellationToken);
    }

    /// <summary>The compare-and-swap itself; runs inside the caller's write transaction.</summary>
    private TransitionResult Apply(TransitionRequest request)
    {
        long row;
        ExecutionState? stored = null;
        using (var current = _statements.SelectState.First(request.Id.Value))
        {
            row = current.Exists ? current.Int64(0) : 0;
            if (current.Exists) stored = ExecutionStateNames.Parse(current.Text(1));
        }
        if (Rules.Refusal(stored, request.ExpectedFrom, request.To) is { } refusal)
            return new TransitionResult(request.Id, refusal, stored, null);

        var at = Rules.Utc(request.At);
        var c = request.Changes ?? ExecutionChanges.None;
        _statements.UpdateState.Execute(
            row, request.To.ToName(), request.To.IsTerminal() && !request.IsNote ? at.UtcTicks : null,
            c.Node, c.Placement?.ToString(), c.Pid, c.ExitCode,
            c.Usage?.CpuSeconds, c.Usage?.PeakRssBytes, c.Usage?.PeakThreads, c.Usage?.WallSeconds, c.Priority);
        if (c.Retries is not null || c.NotBefore is not null)
            _statements.UpdateRetryState.Execute(row, c.Retries, c.NotBefore is { } notBefore ? (object?)Rules.ToTicks(notBefore) : null);
        _statements.InsertTransition.Execute(row, request.ExpectedFrom.ToName(), request.To.ToName(), at.UtcTicks, request.Reason);
        return new TransitionResult(request.Id, TransitionOutcome.Applied, request.To,
            new StateTransition(request.ExpectedFrom, request.To, at, request.Reason));
    }

    public Task<int> PurgeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default) =>
        // Transitions and result locations go with their execution (ON DELETE CASCADE), in the
        // same transaction: a crash leaves either all of an execution or none of it.
        WriteAsync("purging old executions", () =>
        {
            _statements.KeepMaxSequence.Execute();
            return _statements.PurgeEnded.Execute(Rules.ToTicks(endedBefore));
        }, cancellationToken);

    public Task RecordMeasurementAsync(string taskId, ExecutionId executionId, MeasuredUsage usage, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(usage);
        return WriteAsync("recording a measurement", () => _statements.UpsertMeasurement.Execute(
            taskId, executionId.Value, Rules.ToTicks(at), usage.CpuSeconds, usage.PeakRssBytes, usage.PeakThreads, usage.WallSeconds),
            cancellationToken);
    }

    public Task<bool> RecordResultAsync(ExecutionId executionId, string kind, string location, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(location);
        return WriteAsync("recording a result location",
            () => _statements.UpsertResult.Execute(executionId.Value, kind, location) > 0, cancellationToken);
    }
}
