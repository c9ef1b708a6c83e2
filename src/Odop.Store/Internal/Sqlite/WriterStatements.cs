using Microsoft.Data.Sqlite;
using Odop.Core.Executions;

namespace Odop.Store.Internal.Sqlite;

/// <summary>Every statement the writer runs, prepared once when the store opens.</summary>
internal sealed class WriterStatements : IDisposable
{
    private readonly List<Statement> _all = [];

    public WriterStatements(SqliteConnection writer)
    {
        Statement Make(string sql, params string[] names)
        {
            var statement = new Statement(writer, sql, names);
            _all.Add(statement);
            return statement;
        }

        Begin = Make("BEGIN IMMEDIATE");
        Commit = Make("COMMIT");
        Rollback = Make("ROLLBACK");

        InsertExecution = Make("""
            INSERT INTO executions (id, task_id, task_name, priority, execution_option, enqueue_sequence, enqueued_at, state,
                                    node, placement, pid, exit_code, cpu_seconds, peak_rss_bytes, peak_threads, wall_seconds, class)
            VALUES ($id, $task_id, $task_name, $priority, $option, $sequence, $enqueued_at, 'queued',
                    $node, $placement, $pid, $exit_code, $cpu, $rss, $threads, $wall, $class)
            ON CONFLICT (id) DO NOTHING
            """,
            "$id", "$task_id", "$task_name", "$priority", "$option", "$sequence", "$enqueued_at",
            "$node", "$placement", "$pid", "$exit_code", "$cpu", "$rss", "$threads", "$wall", "$class");
        SelectExisting = Make("SELECT state, task_id, enqueue_sequence FROM executions WHERE id = $id", "$id");
        // The highest sequence normally lives in the executions themselves (MaxSequenceAsync reads both);
        // a purge may delete those rows, so it first keeps the highest here. Enqueues do not touch this
        // row: it would be one more page in every commit.
        KeepMaxSequence = Make("""
            INSERT INTO store_meta (key, value) SELECT 'max_sequence', coalesce(max(enqueue_sequence), 0) FROM executions WHERE true
            ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)
            """);

        SelectState = Make("SELECT row, state FROM executions WHERE id = $id", "$id");
        UpdateState = Make("""
            UPDATE executions SET
                state = $to,
                ended_at = coalesce($ended_at, ended_at),
                node = coalesce($node, node),
                placement = coalesce($placement, placement),
                pid = coalesce($pid, pid),
                exit_code = coalesce($exit_code, exit_code),
                cpu_seconds = coalesce($cpu, cpu_seconds),
                peak_rss_bytes = coalesce($rss, peak_rss_bytes),
                peak_threads = coalesce($threads, peak_threads),
                wall_seconds = coalesce($wall, wall_seconds),
                priority = coalesce($priority, priority)
            WHERE row = $row
            """,
            "$row", "$to", "$ended_at", "$node", "$placement", "$pid", "$exit_code", "$cpu", "$rss", "$threads", "$wall", "$priority");
        InsertTransition = Make("""
            INSERT INTO transitions (execution, from_state, to_state, at, reason) VALUES ($row, $from, $to, $at, $reason)
            """, "$row", "$from", "$to", "$at", "$reason");
        InsertWorkflow = Make("""
            INSERT INTO execution_workflow (execution, spec, retries, not_before)
            SELECT row, $spec, $retries, $not_before FROM executions WHERE id = $id
            """, "$id", "$spec", "$retries", "$not_before");
        UpdateRetryState = Make("""
            INSERT INTO execution_workflow (execution, retries, not_before) VALUES ($row, coalesce($retries, 0), $not_before)
            ON CONFLICT (execution) DO UPDATE SET
                retries = coalesce($retries, retries), not_before = coalesce($not_before, not_before)
            """, "$row", "$retries", "$not_before");
        SelectDispatchHead = Make($"SELECT id FROM executions WHERE state = 'queued' ORDER BY {DispatchOrder.Sql} LIMIT 1");

        UpsertMeasurement = Make("""
            INSERT INTO measurements (task_id, execution_id, at, cpu_seconds, peak_rss_bytes, peak_threads, wall_seconds)
            VALUES ($task_id, $execution_id, $at, $cpu, $rss, $threads, $wall)
            ON CONFLICT (task_id, execution_id) DO UPDATE SET
                at = excluded.at, cpu_seconds = excluded.cpu_seconds, peak_rss_bytes = excluded.peak_rss_bytes,
                peak_threads = excluded.peak_threads, wall_seconds = excluded.wall_seconds
            """, "$task_id", "$execution_id", "$at", "$cpu", "$rss", "$threads", "$wall");
        UpsertResult = Make("""
            INSERT INTO results (execution, kind, location)
            SELECT row, $kind, $location FROM executions WHERE id = $id
            ON CONFLICT (execution, kind) DO UPDATE SET location = excluded.location
            """, "$id", "$kind", "$location");
        InsertNote = Make("""
            INSERT INTO notes (execution, at, text) SELECT row, $at, $text FROM executions WHERE id = $id
            """, "$id", "$at", "$text");
        var terminal = string.Join(",", Enum.GetValues<ExecutionState>().Where(s => s.IsTerminal()).Select(s => $"'{s.ToName()}'"));
        PurgeEnded = Make($"DELETE FROM executions WHERE ended_at < $before AND state IN ({terminal})", "$before");
    }

    public Statement Begin { get; }
    public Statement Commit { get; }
    public Statement Rollback { get; }
    public Statement InsertExecution { get; }
    public Statement SelectExisting { get; }
    public Statement KeepMaxSequence { get; }
    public Statement SelectState { get; }
    public Statement UpdateState { get; }
    public Statement InsertTransition { get; }
    public Statement SelectDispatchHead { get; }
    public Statement InsertWorkflow { get; }
    public Statement UpdateRetryState { get; }
    public Statement UpsertMeasurement { get; }
    public Statement UpsertResult { get; }
    public Statement PurgeEnded { get; }
    public Statement InsertNote { get; }

    public void Dispose()
    {
        foreach (var statement in _all) statement.Dispose();
    }
}
