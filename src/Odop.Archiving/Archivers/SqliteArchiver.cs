using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Odop.Archiving.Archivers;

/// <summary>
/// Keeps records in a table of their own SQLite file (WAL, synchronous FULL), one row per execution:
/// idempotent on execution_id (a record sent again replaces its row). The columns people query most are
/// columns; the whole record is in record_json.
/// </summary>
internal sealed partial class SqliteArchiver : IResultArchiver, IDisposable
{
    private static readonly Lazy<bool> NativeLoaded = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _path;
    private readonly string _table;
    private SqliteConnection? _connection;

    public static SqliteArchiver Create(ArchiverContext context)
    {
        var path = context.RequiredPath("path");
        var table = context.OptionalString("table") ?? "results";
        if (!Identifier().IsMatch(table)) throw context.Error("table", $"'{table}' is not a plain SQL name (letters, digits, _)");
        return new SqliteArchiver(context.Settings.Name, path, table);
    }

    private SqliteArchiver(string name, string path, string table)
    {
        Name = name;
        _path = path;
        _table = table;
    }

    public string Name { get; }

    public ValueTask ArchiveAsync(ResultRecord record, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = _connection ??= Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO {_table} (execution_id, task_id, task_name, state, reason, exit_code, enqueued_at, started_at, ended_at,
                node, placement, cpu_seconds, peak_rss_bytes, peak_threads, wall_seconds, stdout_path, stderr_path, record_json)
            VALUES ($id, $task_id, $task_name, $state, $reason, $exit_code, $enqueued_at, $started_at, $ended_at,
                $node, $placement, $cpu, $rss, $threads, $wall, $stdout, $stderr, $json)
            ON CONFLICT (execution_id) DO UPDATE SET
                task_id = excluded.task_id, task_name = excluded.task_name, state = excluded.state, reason = excluded.reason,
                exit_code = excluded.exit_code, enqueued_at = excluded.enqueued_at, started_at = excluded.started_at,
                ended_at = excluded.ended_at, node = excluded.node, placement = excluded.placement,
                cpu_seconds = excluded.cpu_seconds, peak_rss_bytes = excluded.peak_rss_bytes, peak_threads = excluded.peak_threads,
                wall_seconds = excluded.wall_seconds, stdout_path = excluded.stdout_path, stderr_path = excluded.stderr_path,
                record_json = excluded.record_json
            """;
        var json = record.ToJson();
        command.Parameters.AddWithValue("$id", record.ExecutionId);
        command.Parameters.AddWithValue("$task_id", record.TaskId);
        command.Parameters.AddWithValue("$task_name", (object?)record.TaskName ?? DBNull.Value);
        command.Parameters.AddWithValue("$state", record.State);
        command.Parameters.AddWithValue("$reason", (object?)record.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$exit_code", (object?)record.ExitCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$enqueued_at", (string)json["enqueued_at"]!);
        command.Parameters.AddWithValue("$started_at", (object?)(string?)json["started_at"] ?? DBNull.Value);
        command.Parameters.AddWithValue("$ended_at", (string)json["ended_at"]!);
        command.Parameters.AddWithValue("$node", (object?)record.Node ?? DBNull.Value);
        command.Parameters.AddWithValue("$placement", record.Placement);
        command.Parameters.AddWithValue("$cpu", (object?)record.Usage?.CpuSeconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$rss", (object?)record.Usage?.PeakRssBytes ?? DBNull.Value);
        command.Parameters.AddWithValue("$threads", (object?)record.Usage?.PeakThreads ?? DBNull.Value);
        command.Parameters.AddWithValue("$wall", (object?)record.Usage?.WallSeconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$stdout", (object?)record.StdoutPath ?? DBNull.Value);
        command.Parameters.AddWithValue("$stderr", (object?)record.StderrPath ?? DBNull.Value);
        command.Parameters.AddWithValue("$json", json.ToJsonString());
        command.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    private SqliteConnection Open()
    {
        _ = NativeLoaded.Value;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // Times are ISO 8601 UTC text (sortable, readable in the sqlite3 shell).
            command.CommandText = $"""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                PRAGMA busy_timeout = 5000;
                CREATE TABLE IF NOT EXISTS {_table} (
                    execution_id   TEXT PRIMARY KEY,
                    task_id        TEXT NOT NULL,
                    task_name      TEXT,
                    state          TEXT NOT NULL,
                    reason         TEXT,
                    exit_code      INTEGER,
                    enqueued_at    TEXT NOT NULL,
                    started_at     TEXT,
                    ended_at       TEXT NOT NULL,
                    node           TEXT,
                    placement      TEXT NOT NULL,
                    cpu_seconds    REAL,
                    peak_rss_bytes INTEGER,
                    peak_threads   INTEGER,
                    wall_seconds   REAL,
                    stdout_path    TEXT,
                    stderr_path    TEXT,
                    record_json    TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS {_table}_ended ON {_table} (ended_at);
                """;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _connection?.Dispose();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();
}
