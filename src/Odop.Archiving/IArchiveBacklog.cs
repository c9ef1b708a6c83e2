namespace Odop.Archiving;

/// <summary>
/// Records waiting for archivers, one entry per (archiver, execution id), and each archiver's running totals.
/// <see cref="ArchiveBacklog"/> makes the two kinds (an SQLite file that survives restarts, and memory).
/// Used by one dispatcher worker at a time; each call is one transaction, so a crash leaves the entry either
/// before or after the call, never half-way.
/// </summary>
public interface IArchiveBacklog : IDisposable
{
    /// <summary>
    /// Adds the record for every named archiver; an entry already waiting gets the new record and keeps its
    /// attempts. Raises <see cref="HandedThrough"/> to the record in the same transaction.
    /// </summary>
    /// <returns>The archivers for which the entry is new (not already waiting).</returns>
    IReadOnlyList<string> Add(ResultRecord record, IReadOnlyList<string> archivers, DateTimeOffset now);

    /// <summary>
    /// The latest-ending record ever added (its end and execution id): every execution that ended later was never
    /// handed in (e.g. it ended just before a crash). Null for a fresh backlog.
    /// </summary>
    (DateTimeOffset EndedAt, string ExecutionId)? HandedThrough();

    /// <summary>Sets <see cref="HandedThrough"/> for a fresh backlog: executions that ended before are not archived.</summary>
    void StartFrom(DateTimeOffset at);

    /// <summary>The archiver's entries whose next attempt is due, oldest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<BacklogEntry> Due(string archiver, DateTimeOffset now, int limit);

    /// <summary>Removes the archiver's entries handed in before <paramref name="enqueuedBefore"/>, counting them as expired.</summary>
    IReadOnlyList<string> Expire(string archiver, DateTimeOffset enqueuedBefore);

    /// <summary>Earliest next attempt and oldest entry of the archiver; null when nothing waits.</summary>
    (DateTimeOffset NextAttempt, DateTimeOffset OldestEnqueued)? Earliest(string archiver);

    /// <summary>The entry is done with: delivered, or given up after its last allowed attempt.</summary>
    void Remove(string archiver, string executionId, BacklogOutcome outcome, string? error, DateTimeOffset now);

    /// <summary>A failed attempt: counts it and sets when the entry is tried again.</summary>
    void Retry(string archiver, string executionId, int attempts, DateTimeOffset nextAttemptAt, string error, DateTimeOffset now);

    /// <summary>Totals per archiver as stored (kept across restarts), with the count waiting now.</summary>
    IReadOnlyDictionary<string, ArchiverTotals> Totals();
}

public enum BacklogOutcome { Delivered, GivenUp }

/// <summary>One record waiting for one archiver.</summary>
public sealed record BacklogEntry(string Archiver, string ExecutionId, string RecordJson, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset EnqueuedAt);

/// <summary>What an archiver has done since its backlog was created.</summary>
public sealed record ArchiverTotals(int Pending, long Delivered, long FailedAttempts, long Expired, long GivenUp, string? LastError, DateTimeOffset? LastErrorAt);
