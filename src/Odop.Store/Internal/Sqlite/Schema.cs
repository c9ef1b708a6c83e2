namespace Odop.Store.Internal.Sqlite;

/// <summary>
/// The database layout and how to get there from any older version. The file says what it is
/// with two header fields: application_id (the file is ours) and user_version (which layout).
/// </summary>
internal static class Schema
{
    /// <summary>"ODOP" in ASCII: SQLite's application_id header field, so `file` and we can tell our databases apart.</summary>
    public const int ApplicationId = 0x4F444F50;

    /// <summary>The layout this build writes; user_version holds the file's.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>
    /// Migrations[i] takes a file from version i to i + 1. Append only: never edit a step that
    /// shipped, add the next one. Each runs inside the opening transaction with user_version.
    /// </summary>
    public static readonly string[] Migrations =
    [
        // 0 → 1: the first layout. Times are UTC ticks (100 ns since 0001-01-01); states are their
        // snake_case names so the file reads well in the sqlite3 shell.
        """
        CREATE TABLE executions (
            row              INTEGER PRIMARY KEY,
            id               TEXT    NOT NULL UNIQUE,
            task_id          TEXT    NOT NULL,
            task_name        TEXT,
            priority         INTEGER NOT NULL,
            execution_option TEXT    NOT NULL,
            enqueue_sequence INTEGER NOT NULL,
            enqueued_at      INTEGER NOT NULL,
            state            TEXT    NOT NULL CHECK (state IN ('queued','starting','running','paused','succeeded','failed','timed_out','stopped','skipped','lost')),
            ended_at         INTEGER,
            node             TEXT,
            placement        TEXT    NOT NULL DEFAULT '',
            pid              INTEGER,
            exit_code        INTEGER,
            cpu_seconds      REAL,
            peak_rss_bytes   INTEGER,
            peak_threads     INTEGER,
            wall_seconds     REAL
        );
        -- Dispatch order over the queued ones only: what ClaimNext and recovery walk. No index on
        -- the task: listing by task scans (it matches id or name, ignoring case), and such an
        -- index cost a third of the time of each enqueue.
        CREATE INDEX executions_dispatch ON executions (priority DESC, enqueue_sequence, row) WHERE state = 'queued';
        CREATE INDEX executions_state ON executions (state, enqueue_sequence);
        CREATE INDEX executions_sequence ON executions (enqueue_sequence, row);
        CREATE INDEX executions_ended ON executions (ended_at) WHERE ended_at IS NOT NULL;

        CREATE TABLE transitions (
            row        INTEGER PRIMARY KEY,
            execution  INTEGER NOT NULL REFERENCES executions (row) ON DELETE CASCADE,
            from_state TEXT    NOT NULL,
            to_state   TEXT    NOT NULL,
            at         INTEGER NOT NULL,
            reason     TEXT    NOT NULL
        );
        CREATE INDEX transitions_execution ON transitions (execution, row);

        CREATE TABLE results (
            execution INTEGER NOT NULL REFERENCES executions (row) ON DELETE CASCADE,
            kind      TEXT    NOT NULL,
            location  TEXT    NOT NULL,
            PRIMARY KEY (execution, kind)
        ) WITHOUT ROWID;

        -- Per task, not per execution: kept when executions are purged.
        CREATE TABLE measurements (
            row            INTEGER PRIMARY KEY,
            task_id        TEXT    NOT NULL,
            execution_id   TEXT    NOT NULL,
            at             INTEGER NOT NULL,
            cpu_seconds    REAL    NOT NULL,
            peak_rss_bytes INTEGER NOT NULL,
            peak_threads   INTEGER NOT NULL,
            wall_seconds   REAL    NOT NULL,
            UNIQUE (task_id, execution_id)
        );
        CREATE INDEX measurements_newest ON measurements (task_id, at DESC, row DESC);

        -- Small counters that must survive purges (max_sequence).
        CREATE TABLE store_meta (
            key   TEXT    PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
        // Classes (exclusive | normal | background): each execution keeps the class it was enqueued with.
        """
        ALTER TABLE executions ADD COLUMN class TEXT NOT NULL DEFAULT 'normal' CHECK (class IN ('exclusive','normal','background'));
        """,
        // Workflow (groups, dependencies, retries): one row per execution that has any of them. Its own
        // table, so executions without a workflow cost nothing.
        """
        CREATE TABLE execution_workflow (
            execution  INTEGER PRIMARY KEY REFERENCES executions (row) ON DELETE CASCADE,
            spec       TEXT    NOT NULL DEFAULT '{}',
            retries    INTEGER NOT NULL DEFAULT 0,
            not_before INTEGER
        );
        """,
        // Visibility (history notes): why an execution was not placed, recorded when the reason
        // changes. Deleted with their execution, as transitions are.
        """
        CREATE TABLE notes (
            row       INTEGER PRIMARY KEY,
            execution INTEGER NOT NULL REFERENCES executions (row) ON DELETE CASCADE,
            at        INTEGER NOT NULL,
            text      TEXT    NOT NULL
        );
        CREATE INDEX notes_execution ON notes (execution, row);
        """,
        // Access control (users and tokens, core leases, who enqueued each execution).
        AccessControlTables,
    ];

    /// <summary>
    /// Access control: users (tokens kept only as SHA-256 hashes), core leases, and who enqueued each execution.
    /// Owners sit in their own table, keyed by execution id, so the executions table is untouched; they outlive
    /// purged executions (a few bytes each).
    /// </summary>
    public const string AccessControlTables =
        """
        CREATE TABLE IF NOT EXISTS users (
            name         TEXT    PRIMARY KEY,
            capabilities TEXT    NOT NULL,
            token_hash   BLOB    NOT NULL,
            created_at   INTEGER NOT NULL,
            revoked_at   INTEGER
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS leases (
            id          TEXT    PRIMARY KEY,
            owner       TEXT    NOT NULL,
            cpus        TEXT    NOT NULL,
            acquired_at INTEGER NOT NULL,
            expires_at  INTEGER NOT NULL,
            ended_at    INTEGER,
            end_reason  TEXT
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS execution_owners (
            execution_id TEXT PRIMARY KEY,
            owner        TEXT NOT NULL
        ) WITHOUT ROWID;
        """;
}
