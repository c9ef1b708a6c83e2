using Microsoft.Extensions.Logging;
using Odop.Core.Executions;
using Odop.Protocol.V1;
using Odop.Store;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

/// <summary>
/// What people see of the agent: `odop info`, the history notes on why an execution waits, and the
/// history retention that purges old ended executions from memory and the store.
/// </summary>
internal sealed partial class AgentLoop
{
    /// <summary>`odop tasks list` without --since or --all shows executions that ended this recently.</summary>
    public static readonly TimeSpan RecentlyEnded = TimeSpan.FromHours(1);

    /// <summary>A waiting execution whose refusal keeps its filter but changes its wording (a count, a load) gets a new note at most this often.</summary>
    public static readonly TimeSpan NoteInterval = TimeSpan.FromSeconds(30);

    /// <summary>At most this many notes are written per event, so a long queue cannot flood the store.</summary>
    private const int MaxNotesPerFlush = 64;

    private readonly List<ExecutionNote> _pendingNotes = [];
    private readonly List<(Odop.Core.ExecutionId Id, string Kind, string Path)> _pendingLogPaths = [];
    private readonly Dictionary<string, (string Filter, string Text, DateTimeOffset At)> _lastNotes = new(StringComparer.Ordinal);

    /// <summary>
    /// Records why the scheduler left an execution queued. Kept in memory every round (for `tasks show`);
    /// written to the store's history only when the refusing filter changes, or when its wording changes
    /// and <see cref="NoteInterval"/> has passed since the last note.
    /// </summary>
    private void NoteWaiting(TrackedExecution execution, string filter, string text)
    {
        execution.PlacementNote = text;
        var now = Now;
        if (_lastNotes.TryGetValue(execution.Id, out var last))
        {
            if (last.Text == text) return;
            if (last.Filter == filter && now - last.At < NoteInterval) return;
        }
        if (_pendingNotes.Count >= MaxNotesPerFlush) return;
        _lastNotes[execution.Id] = (filter, text, now);
        _pendingNotes.Add(new ExecutionNote(execution.Record.Id, now, text));
    }

    /// <summary>Log paths go to the store as result locations ("stdout", "stderr"), so `tasks logs` finds them after a restart.</summary>
    private void RememberLogPaths(TrackedExecution execution)
    {
        _pendingLogPaths.Add((execution.Record.Id, "stdout", execution.StdoutPath ?? ""));
        if (!string.IsNullOrEmpty(execution.StderrPath)) _pendingLogPaths.Add((execution.Record.Id, "stderr", execution.StderrPath));
    }

    private async Task FlushNotesAsync()
    {
        if (_pendingLogPaths.Count > 0)
        {
            var paths = _pendingLogPaths.ToList();
            _pendingLogPaths.Clear();
            try
            {
                foreach (var (id, kind, path) in paths) await _store.RecordResultAsync(id, kind, path);
            }
            catch (OdopStoreException e)
            {
                StoreFailedLog(_logger, e.Message);
            }
        }
        if (_pendingNotes.Count == 0) return;
        var notes = _pendingNotes.ToList();
        _pendingNotes.Clear();
        try
        {
            await _store.AddNotesAsync(notes);
        }
        catch (OdopStoreException e)
        {
            // Notes explain; losing some must not stop the loop.
            StoreFailedLog(_logger, e.Message);
        }
    }

    private void HandleInfo(InfoRequested e)
    {
        var now = Now;
        var reply = new InfoReply { NodeName = _options.NodeName, AtUnixMs = now.ToUnixTimeMilliseconds(), Queued = _book.QueuedCount };
        var live = new List<DrainWork>();
        foreach (var execution in _book.Live.OrderBy(x => x.Record.StartedAt ?? x.Record.StateSince))
        {
            var record = execution.Record;
            var running = new RunningExecution
            {
                ExecutionId = execution.Id,
                TaskName = record.TaskName ?? execution.Profile.Name,
                State = record.State.ToProto(),
                Pid = record.Pid ?? 0,
                SinceUnixMs = (record.StartedAt ?? record.StateSince).ToUnixTimeMilliseconds(),
                Node = record.Node ?? _options.NodeName,
            };
            running.Cpus.AddRange(record.Placement.Ids);
            reply.Running.Add(running);
            var ran = record.StartedAt is { } started ? now - started : TimeSpan.Zero;
            live.Add(new DrainWork(execution.Profile.Requirement.Time.Value - ran, Request(execution, forced: false).CoresNeeded));
        }
        var queued = _book.QueuedInOrder.Select(x => new DrainWork(x.Profile.Requirement.Time.Value, Request(x, forced: false).CoresNeeded));
        var estimate = DrainEstimator.Estimate(queued, live, _usableCpus.Except(_simulationCpus).Count);
        reply.Drain = new DrainEstimate
        {
            Seconds = estimate.Eta.TotalSeconds,
            SideTaskCores = estimate.SideTaskCores,
            QueuedCoreSeconds = estimate.QueuedCoreSeconds,
            RunningCoreSeconds = estimate.RunningCoreSeconds,
        };
        foreach (var lease in _leases.Values.Where(l => !l.Ended).OrderBy(l => l.AcquiredAt))
        {
            var summary = new LeaseSummary { LeaseId = lease.Id, Owner = lease.Owner, ExpiresAtUnixMs = lease.ExpiresAt.ToUnixTimeMilliseconds() };
            summary.Cpus.AddRange(lease.Cpus.Ids);
            reply.Leases.Add(summary);
        }
        e.Reply.TrySetResult(reply);
    }

    /// <summary>
    /// History retention: ended executions older than the retention leave memory, and the store deletes
    /// them with their transitions and notes (measurements stay: they are the tasks' history).
    /// </summary>
    private async Task PurgeHistoryAsync()
    {
        var cutoff = Now - _options.HistoryRetention;
        var doomed = _book.All.Where(x => x.State.IsTerminal() && x.Record.EndedAt < cutoff).ToList();
        foreach (var execution in doomed)
        {
            _book.Remove(execution);
            _lastNotes.Remove(execution.Id);
        }
        try
        {
            var purged = await _store.PurgeAsync(cutoff);
            if (purged > 0 || doomed.Count > 0) PurgedLog(_logger, purged, doomed.Count, cutoff);
        }
        catch (OdopStoreException e)
        {
            StoreFailedLog(_logger, e.Message);
        }
    }

    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "History retention: purged {Stored} stored and {InMemory} in-memory execution(s) that ended before {Cutoff}")]
    private static partial void PurgedLog(ILogger logger, int stored, int inMemory, DateTimeOffset cutoff);
}
