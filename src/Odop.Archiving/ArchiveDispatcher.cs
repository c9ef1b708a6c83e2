using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Odop.Archiving.Internal;

namespace Odop.Archiving;

/// <summary>
/// Takes finished executions' records from the agent (<see cref="Submit"/> never waits) and brings each to
/// every configured archiver on a worker of its own: durable backlog first, then delivery oldest first, with
/// per-archiver exponential backoff, a retry limit and a time-to-live. Time comes only from the injected
/// <see cref="TimeProvider"/>, so backoff and expiry can be driven step by step (<see cref="PumpAsync"/>).
/// </summary>
/// <remarks>
/// Delivery is at-least-once: a record leaves the backlog only after its archiver returned, so a crash between
/// the two sends it again. A record submitted but not yet in the backlog when the process dies is found again at the
/// next start through the recover callback (executions that ended after the last record the backlog took).
/// </remarks>
public sealed partial class ArchiveDispatcher : IAsyncDisposable
{
    private const int BatchSize = 64;
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);

    private readonly Channel<ResultRecord> _incoming = Channel.CreateUnbounded<ResultRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IReadOnlyList<ArchiveLane> _lanes;
    private readonly string[] _names;
    private readonly IArchiveBacklog _backlog;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Func<ResultRecord, CancellationToken, ValueTask<ResultRecord>>? _enrich;
    private readonly Func<DateTimeOffset, CancellationToken, IAsyncEnumerable<ResultRecord>>? _recover;
    private readonly Lock _gate = new();

    /// <param name="enrich">Completes a record off the caller's thread before it is stored (e.g. result locations from the agent's store).</param>
    /// <param name="recover">
    /// Records of executions that ended at or after the given time, from the caller's own durable history: run once when
    /// the worker starts, it closes the window between an execution's end and its record reaching the backlog.
    /// </param>
    public ArchiveDispatcher(IReadOnlyList<ConfiguredArchiver> archivers, IArchiveBacklog backlog, TimeProvider clock, ILogger logger,
        Func<ResultRecord, CancellationToken, ValueTask<ResultRecord>>? enrich = null,
        Func<DateTimeOffset, CancellationToken, IAsyncEnumerable<ResultRecord>>? recover = null)
    {
        _recover = recover;
        _backlog = backlog;
        _clock = clock;
        _logger = logger;
        _enrich = enrich;
        var totals = backlog.Totals();
        _lanes = archivers.Select(a => new ArchiveLane(a, totals.GetValueOrDefault(a.Settings.Name))).ToList();
        _names = _lanes.Select(l => l.Name).ToArray();
        foreach (var (name, stale) in totals)
            if (stale.Pending > 0 && !_names.Contains(name)) OrphanedLog(_logger, stale.Pending, name);
    }

    /// <summary>Hands a finished execution's record over; never blocks, never touches disk or network.</summary>
    public bool Submit(ResultRecord record) => _lanes.Count > 0 && _incoming.Writer.TryWrite(record);

    public IReadOnlyList<ArchiveStatus> Status()
    {
        lock (_gate) return _lanes.Select(l => l.Snapshot()).ToList();
    }

    /// <summary>The worker: pumps, then sleeps until the next retry, expiry or submitted record.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await RecoverAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            RecoverFailedLog(_logger, e);
        }
        while (!stopping.IsCancellationRequested)
        {
            DateTimeOffset? wake;
            try
            {
                wake = await PumpAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The backlog itself failed (disk full?): records stay in the channel or the file; try again soon.
                PumpFailedLog(_logger, e);
                wake = _clock.GetUtcNow() + TimeSpan.FromSeconds(1);
            }
            await SleepAsync(wake, stopping);
        }
    }

    private async Task SleepAsync(DateTimeOffset? wake, CancellationToken stopping)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var incoming = _incoming.Reader.WaitToReadAsync(interrupt.Token).AsTask();
        var delay = wake is { } at ? TimeSpan.FromTicks(Math.Clamp((at - _clock.GetUtcNow()).Ticks, 0, LongestSleep.Ticks)) : LongestSleep;
        var timer = Task.Delay(delay, _clock, interrupt.Token);
        await Task.WhenAny(incoming, timer);
        await interrupt.CancelAsync();
        try { await Task.WhenAll(incoming, timer); }
        catch (OperationCanceledException) { /* the one that did not fire */ }
    }

    /// <summary>
    /// Hands in again what ended after the backlog last heard of a record (a crash in between loses nothing);
    /// a fresh backlog starts from now instead of archiving all history.
    /// </summary>
    internal async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (_lanes.Count == 0) return;
        if (_backlog.HandedThrough() is not { } since)
        {
            _backlog.StartFrom(_clock.GetUtcNow());
            return;
        }
        if (_recover is null) return;
        var count = 0;
        // At or after: an execution that ended at the same instant as the last one handed in may have missed it.
        await foreach (var record in _recover(since.EndedAt, cancellationToken))
        {
            if (record.EndedAt < since.EndedAt || (record.EndedAt == since.EndedAt && record.ExecutionId == since.ExecutionId)) continue;
            if (Submit(record)) count++;
        }
        if (count > 0) RecoveredLog(_logger, count, since.EndedAt);
    }

    /// <summary>
    /// One pass: moves submitted records into the backlog, drops expired ones, and delivers what is due to
    /// every archiver not backing off. Returns when the next pass has work (a retry or an expiry), null when none.
    /// </summary>
    internal async Task<DateTimeOffset?> PumpAsync(CancellationToken cancellationToken)
    {
        await IngestAsync(cancellationToken);
        foreach (var lane in _lanes)
        {
            ExpireOld(lane);
            var now = _clock.GetUtcNow();
            if (lane.HeldUntil is { } held && now < held) continue;
            IReadOnlyList<BacklogEntry> due;
            do
            {
                due = _backlog.Due(lane.Name, now, BatchSize);
                foreach (var entry in due)
                    if (!await DeliverAsync(lane, entry, cancellationToken)) goto nextLane;
            }
            while (due.Count == BatchSize);
            nextLane:;
        }
        return NextWake();
    }

    private async Task IngestAsync(CancellationToken cancellationToken)
    {
        // Peek, store, then take: a backlog failure leaves the record in the channel for the next pass.
        while (_incoming.Reader.TryPeek(out var record))
        {
            if (_enrich is not null)
            {
                try { record = await _enrich(record, cancellationToken); }
                catch (Exception e) when (e is not OperationCanceledException) { EnrichFailedLog(_logger, record.ExecutionId, e.Message); }
            }
            var fresh = _backlog.Add(record, _names, _clock.GetUtcNow());
            _incoming.Reader.TryRead(out _);
            lock (_gate) foreach (var lane in _lanes) if (fresh.Contains(lane.Name)) lane.Pending++;
        }
    }

    private void ExpireOld(ArchiveLane lane)
    {
        var expired = _backlog.Expire(lane.Name, _clock.GetUtcNow() - lane.Settings.Ttl);
        if (expired.Count == 0) return;
        lock (_gate)
        {
            lane.Expired += expired.Count;
            lane.Pending -= expired.Count;
        }
        ExpiredLog(_logger, expired.Count, lane.Name, lane.Settings.Ttl, string.Join(", ", expired));
    }

    private async Task<bool> DeliverAsync(ArchiveLane lane, BacklogEntry entry, CancellationToken stopping)
    {
        var record = ResultRecord.FromJson((JsonObject)JsonNode.Parse(entry.RecordJson)!);
        using var deadline = new CancellationTokenSource(lane.Settings.Timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, deadline.Token);
        string error;
        try
        {
            await lane.Archiver.ArchiveAsync(record, linked.Token);
            // Crash point: the archiver has the record but the backlog still lists it; it is sent again after a restart.
            _backlog.Remove(lane.Name, entry.ExecutionId, BacklogOutcome.Delivered, null, _clock.GetUtcNow());
            lock (_gate)
            {
                lane.Delivered++;
                lane.Pending--;
                lane.ConsecutiveFailures = 0;
                lane.HeldUntil = null;
            }
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            error = $"no answer within {lane.Settings.Timeout.TotalSeconds:0.###}s";
        }
        catch (Exception e)
        {
            error = e.Message;
        }
        Fail(lane, entry, error);
        return false;
    }

    private void Fail(ArchiveLane lane, BacklogEntry entry, string error)
    {
        var now = _clock.GetUtcNow();
        var attempts = entry.Attempts + 1;
        int failures;
        lock (_gate) failures = ++lane.ConsecutiveFailures;
        var next = now + lane.Settings.Retries.Delay(failures);
        var givenUp = lane.Settings.Retries.MaxAttempts is { } max && attempts >= max;
        if (givenUp)
        {
            _backlog.Remove(lane.Name, entry.ExecutionId, BacklogOutcome.GivenUp, error, now);
            GivenUpLog(_logger, entry.ExecutionId, lane.Name, attempts, error);
        }
        else
        {
            _backlog.Retry(lane.Name, entry.ExecutionId, attempts, next, error, now);
            RetryLog(_logger, entry.ExecutionId, lane.Name, attempts, error, next);
        }
        lock (_gate)
        {
            lane.FailedAttempts++;
            if (givenUp) { lane.GivenUp++; lane.Pending--; }
            lane.LastError = error;
            lane.LastErrorAt = now;
            lane.HeldUntil = next;
        }
    }

    private DateTimeOffset? NextWake()
    {
        DateTimeOffset? wake = null;
        foreach (var lane in _lanes)
        {
            if (_backlog.Earliest(lane.Name) is not { } earliest) continue;
            var retry = lane.HeldUntil is { } held && held > earliest.NextAttempt ? held : earliest.NextAttempt;
            var expiry = earliest.OldestEnqueued + lane.Settings.Ttl;
            var first = retry < expiry ? retry : expiry;
            if (wake is null || first < wake) wake = first;
        }
        return wake;
    }

    public async ValueTask DisposeAsync()
    {
        _incoming.Writer.TryComplete();
        foreach (var lane in _lanes)
        {
            if (lane.Archiver is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else (lane.Archiver as IDisposable)?.Dispose();
        }
        _backlog.Dispose();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Archiver {Archiver}: {ExecutionId} not archived (attempt {Attempts}): {Error}; next try at {Next:o}")]
    private static partial void RetryLog(ILogger logger, string executionId, string archiver, int attempts, string error, DateTimeOffset next);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Archiver {Archiver}: gave up on {ExecutionId} after {Attempts} attempt(s): {Error}")]
    private static partial void GivenUpLog(ILogger logger, string executionId, string archiver, int attempts, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "{Count} record(s) expired for archiver {Archiver} (time-to-live {Ttl}): {ExecutionIds}")]
    private static partial void ExpiredLog(ILogger logger, int count, string archiver, TimeSpan ttl, string executionIds);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Archive backlog failed; retrying")]
    private static partial void PumpFailedLog(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Could not complete the record of {ExecutionId} before archiving: {Error}")]
    private static partial void EnrichFailedLog(ILogger logger, string executionId, string error);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Handed {Count} record(s) of executions that ended since {Since:o} to the archivers again")]
    private static partial void RecoveredLog(ILogger logger, int count, DateTimeOffset since);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "Could not look for executions that ended while the archivers did not hear of them")]
    private static partial void RecoverFailedLog(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "{Count} record(s) wait in the backlog for archiver {Archiver}, which is no longer configured; they are kept")]
    private static partial void OrphanedLog(ILogger logger, int count, string archiver);
}
