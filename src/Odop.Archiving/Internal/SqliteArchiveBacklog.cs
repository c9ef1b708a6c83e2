using Microsoft.Data.Sqlite;

namespace Odop.Archiving.Internal;

/// <summary>
/// The backlog in an SQLite file of its own (WAL, synchronous FULL: an added record survives a power loss),
/// kept apart from the agent's store so archiving never holds the store's writer. Times are UTC ticks.
/// </summary>
internal sealed class SqliteArchiveBacklog : IArchiveBacklog
{
    private static readonly Lazy<bool> NativeLoaded = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private const int Version = 1;
    private readonly SqliteConnection _db;

    public SqliteArchiveBacklog(string path)
    {
        _ = NativeLoaded.Value;
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        try
        {
            _db.Open();
            Exec("PRAGMA busy_timeout = 5000");
            var version = Convert.ToInt32(Scalar("PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > Version) throw new InvalidOperationException($"{path}: archive backlog layout {version} is newer than this odop ({Version})");
            if (path != ":memory:") Exec("PRAGMA journal_mode = WAL");
            Exec("PRAGMA synchronous = FULL");
            Exec($"""
                CREATE TABLE IF NOT EXISTS archive_backlog (
                    archiver        TEXT    NOT NULL,
                    execution_id    TEXT    NOT NULL,
                    record_json     TEXT    NOT NULL,
                    attempts        INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER NOT NULL,
                    enqueued_at     INTEGER NOT NULL,
                    PRIMARY KEY (archiver, execution_id)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS archive_backlog_due ON archive_backlog (archiver, next_attempt_at, enqueued_at);
                CREATE TABLE IF NOT EXISTS archive_totals (
                    archiver        TEXT    PRIMARY KEY,
                    delivered       INTEGER NOT NULL DEFAULT 0,
                    failed_attempts INTEGER NOT NULL DEFAULT 0,
                    expired         INTEGER NOT NULL DEFAULT 0,
                    given_up        INTEGER NOT NULL DEFAULT 0,
                    last_error      TEXT,
                    last_error_at   INTEGER
                ) WITHOUT ROWID;
                -- handed_through_at / handed_through_id: the latest-ending record ever added (UTC ticks, execution id).
                CREATE TABLE IF NOT EXISTS archive_meta (
                    key   TEXT PRIMARY KEY,
                    value NOT NULL
                ) WITHOUT ROWID;
                PRAGMA user_version = {Version};
                """);
        }
        catch
        {
            _db.Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> Add(ResultRecord record, IReadOnlyList<string> archivers, DateTimeOffset now)
    {
        var json = record.ToJson().ToJsonString();
        var fresh = new List<string>();
        using var tx = Begin();
        foreach (var archiver in archivers)
        {
            if (Scalar("SELECT 1 FROM archive_backlog WHERE archiver = $a AND execution_id = $id", ("$a", archiver), ("$id", record.ExecutionId)) is null)
                fresh.Add(archiver);
            Exec("""
                INSERT INTO archive_backlog (archiver, execution_id, record_json, attempts, next_attempt_at, enqueued_at)
                VALUES ($a, $id, $json, 0, $now, $now)
                ON CONFLICT (archiver, execution_id) DO UPDATE SET record_json = excluded.record_json
                """, ("$a", archiver), ("$id", record.ExecutionId), ("$json", json), ("$now", now.UtcTicks));
        }
        if (HandedThrough() is not { } through || record.EndedAt >= through.EndedAt) SetHandedThrough(record.EndedAt, record.ExecutionId);
        // Crash point: before this commit the record is the caller's to hand in again; after it, it waits here.
        tx.Commit();
        return fresh;
    }

    public (DateTimeOffset EndedAt, string ExecutionId)? HandedThrough() =>
        Scalar("SELECT value FROM archive_meta WHERE key = 'handed_through_at'") is long ticks
            ? (Time(ticks), Scalar("SELECT value FROM archive_meta WHERE key = 'handed_through_id'") as string ?? "")
            : null;

    public void StartFrom(DateTimeOffset at)
    {
        if (HandedThrough() is null) SetHandedThrough(at, "");
    }

    private void SetHandedThrough(DateTimeOffset at, string executionId)
    {
        const string Upsert = "INSERT INTO archive_meta (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        Exec(Upsert, ("$k", "handed_through_at"), ("$v", at.UtcTicks));
        Exec(Upsert, ("$k", "handed_through_id"), ("$v", executionId));
    }

    public IReadOnlyList<BacklogEntry> Due(string archiver, DateTimeOffset now, int limit)
    {
        using var command = Command("""
            SELECT execution_id, record_json, attempts, next_attempt_at, enqueued_at FROM archive_backlog
            WHERE archiver = $a AND next_attempt_at <= $now ORDER BY next_attempt_at, enqueued_at LIMIT $limit
            """, ("$a", archiver), ("$now", now.UtcTicks), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var due = new List<BacklogEntry>();
        while (reader.Read())
            due.Add(new BacklogEntry(archiver, reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                Time(reader.GetInt64(3)), Time(reader.GetInt64(4))));
        return due;
    }

    public IReadOnlyList<string> Expire(string archiver, DateTimeOffset enqueuedBefore)
    {
        using var tx = Begin();
        var ids = new List<string>();
        using (var select = Command("SELECT execution_id FROM archive_backlog WHERE archiver = $a AND enqueued_at < $t",
                   ("$a", archiver), ("$t", enqueuedBefore.UtcTicks)))
        using (var reader = select.ExecuteReader())
            while (reader.Read()) ids.Add(reader.GetString(0));
        if (ids.Count == 0) return ids;
        Exec("DELETE FROM archive_backlog WHERE archiver = $a AND enqueued_at < $t", ("$a", archiver), ("$t", enqueuedBefore.UtcTicks));
        Bump(archiver, "expired", ids.Count);
        tx.Commit();
        return ids;
    }

    public (DateTimeOffset NextAttempt, DateTimeOffset OldestEnqueued)? Earliest(string archiver)
    {
        using var command = Command("SELECT min(next_attempt_at), min(enqueued_at) FROM archive_backlog WHERE archiver = $a", ("$a", archiver));
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.IsDBNull(0)) return null;
        return (Time(reader.GetInt64(0)), Time(reader.GetInt64(1)));
    }

    public void Remove(string archiver, string executionId, BacklogOutcome outcome, string? error, DateTimeOffset now)
    {
        using var tx = Begin();
        Exec("DELETE FROM archive_backlog WHERE archiver = $a AND execution_id = $id", ("$a", archiver), ("$id", executionId));
        Bump(archiver, outcome == BacklogOutcome.Delivered ? "delivered" : "given_up", 1);
        if (error is not null) SetError(archiver, error, now);
        tx.Commit();
    }

    public void Retry(string archiver, string executionId, int attempts, DateTimeOffset nextAttemptAt, string error, DateTimeOffset now)
    {
        using var tx = Begin();
        Exec("UPDATE archive_backlog SET attempts = $n, next_attempt_at = $next WHERE archiver = $a AND execution_id = $id",
            ("$n", attempts), ("$next", nextAttemptAt.UtcTicks), ("$a", archiver), ("$id", executionId));
        Bump(archiver, "failed_attempts", 1);
        SetError(archiver, error, now);
        tx.Commit();
    }

    public IReadOnlyDictionary<string, ArchiverTotals> Totals()
    {
        var totals = new Dictionary<string, ArchiverTotals>(StringComparer.Ordinal);
        using var command = Command("""
            SELECT n.archiver, coalesce(t.delivered, 0), coalesce(t.failed_attempts, 0), coalesce(t.expired, 0), coalesce(t.given_up, 0),
                   t.last_error, t.last_error_at, coalesce(p.pending, 0)
            FROM (SELECT archiver FROM archive_totals UNION SELECT archiver FROM archive_backlog) n
            LEFT JOIN archive_totals t ON t.archiver = n.archiver
            LEFT JOIN (SELECT archiver, count(*) AS pending FROM archive_backlog GROUP BY archiver) p ON p.archiver = n.archiver
            """);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            totals[reader.GetString(0)] = new ArchiverTotals(reader.GetInt32(7), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : Time(reader.GetInt64(6)));
        return totals;
    }

    private void Bump(string archiver, string column, int by) =>
        Exec($"INSERT INTO archive_totals (archiver, {column}) VALUES ($a, $by) ON CONFLICT (archiver) DO UPDATE SET {column} = {column} + $by",
            ("$a", archiver), ("$by", by));

    private void SetError(string archiver, string error, DateTimeOffset now) =>
        Exec("UPDATE archive_totals SET last_error = $e, last_error_at = $t WHERE archiver = $a", ("$e", error), ("$t", now.UtcTicks), ("$a", archiver));

    // Microsoft.Data.Sqlite wants every command inside a transaction to name it.
    private SqliteTransaction? _transaction;

    private Transaction Begin()
    {
        _transaction = _db.BeginTransaction();
        return new Transaction(this);
    }

    private readonly struct Transaction(SqliteArchiveBacklog owner) : IDisposable
    {
        public void Commit() => owner._transaction!.Commit();

        public void Dispose()
        {
            owner._transaction?.Dispose();
            owner._transaction = null;
        }
    }

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _db.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private void Exec(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    public void Dispose() => _db.Dispose();
}
