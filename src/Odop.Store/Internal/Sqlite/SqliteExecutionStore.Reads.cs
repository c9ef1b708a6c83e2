using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Profiles;

namespace Odop.Store.Internal.Sqlite;

internal sealed partial class SqliteExecutionStore
{
    public Task<ExecutionRecord?> GetAsync(ExecutionId id, CancellationToken cancellationToken = default) =>
        ReadAsync("reading an execution",
            c => ExecutionQuery.Load(c, "e.id = $p0", [id.Value]).SingleOrDefault()?.ToRecord(), cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> ListAsync(ExecutionFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var conditions = new List<string> { "1" };
        var values = new List<object?>();
        if (filter.States is { Count: > 0 } states)
        {
            conditions.Add($"e.state IN ({string.Join(", ", states.Distinct().Select(s => $"'{s.ToName()}'"))})");
        }
        if (filter.Task is { } task)
        {
            conditions.Add($"(e.task_id = $p{values.Count} COLLATE NOCASE OR e.task_name = $p{values.Count} COLLATE NOCASE)");
            values.Add(task);
        }
        if (filter.Since is { } since)
        {
            conditions.Add($"e.enqueued_at >= $p{values.Count}");
            values.Add(Rules.ToTicks(since));
        }
        var order = filter.NewestFirst ? ExecutionQuery.BySequenceDescending : ExecutionQuery.BySequence;
        var limit = filter.Limit is { } l ? Math.Max(0, l) : (int?)null;
        return ReadAsync<IReadOnlyList<ExecutionRecord>>("listing executions",
            c => ExecutionQuery.Load(c, string.Join(" AND ", conditions), values, order, limit).Select(e => e.ToRecord()).ToList(),
            cancellationToken);
    }

    public Task<RecoverySet> LoadLiveAndQueuedAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("loading unfinished executions", c =>
        {
            // One statement, one snapshot: an execution cannot be seen twice or missed while it moves.
            var unfinished = ExecutionQuery.Load(c,
                "e.state IN ('queued', 'starting', 'running', 'paused', 'lost')", [], ExecutionQuery.ByDispatch);
            var queued = unfinished.Where(e => e.State == ExecutionState.Queued).Select(e => e.ToRecord()).ToList();
            var bySequence = unfinished.Where(e => e.State != ExecutionState.Queued).OrderBy(e => e.EnqueueSequence).ThenBy(e => e.Row).ToList();
            return new RecoverySet(
                queued,
                bySequence.Where(e => e.State.IsLive()).Select(e => e.ToRecord()).ToList(),
                bySequence.Where(e => e.State == ExecutionState.Lost).Select(e => e.ToRecord()).ToList());
        }, cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> LoadWorkflowAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ExecutionRecord>>("loading workflow executions",
            c => ExecutionQuery.Load(c, "e.row IN (SELECT execution FROM execution_workflow)", []).Select(e => e.ToRecord()).ToList(),
            cancellationToken);

    public Task<IReadOnlyDictionary<ExecutionState, int>> CountByStateAsync(CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyDictionary<ExecutionState, int>>("counting executions", c =>
        {
            var counts = Enum.GetValues<ExecutionState>().ToDictionary(s => s, _ => 0);
            using var command = c.CreateCommand();
            command.CommandText = "SELECT state, count(*) FROM executions GROUP BY state";
            using var reader = command.ExecuteReader();
            while (reader.Read()) counts[ExecutionStateNames.Parse(reader.GetString(0))] = reader.GetInt32(1);
            return counts;
        }, cancellationToken);

    public Task<long> MaxSequenceAsync(CancellationToken cancellationToken = default) =>
        ReadAsync("reading the enqueue sequence", c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = """
                SELECT max(coalesce((SELECT value FROM store_meta WHERE key = 'max_sequence'), 0),
                           coalesce((SELECT max(enqueue_sequence) FROM executions), 0))
                """;
            return command.ExecuteScalar() is long value ? value : 0L;
        }, cancellationToken);

    public Task<IReadOnlyList<Measurement>> MeasurementsAsync(string taskId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<Measurement>>("reading measurements", c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = """
                SELECT execution_id, at, cpu_seconds, peak_rss_bytes, peak_threads, wall_seconds FROM measurements
                WHERE task_id = $task ORDER BY at DESC, row DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$task", taskId);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var measurements = new List<Measurement>();
            while (reader.Read())
                measurements.Add(new Measurement(taskId, ExecutionId.Parse(reader.GetString(0)),
                    new MeasuredUsage(reader.GetDouble(2), reader.GetInt64(3), reader.GetInt32(4), reader.GetDouble(5)),
                    Rules.FromTicks(reader.GetInt64(1))));
            return measurements;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ResultLocation>> ResultsAsync(ExecutionId executionId, CancellationToken cancellationToken = default) =>
        ReadAsync<IReadOnlyList<ResultLocation>>("reading result locations", c =>
        {
            using var command = c.CreateCommand();
            command.CommandText = """
                SELECT r.kind, r.location FROM results AS r JOIN executions AS e ON e.row = r.execution
                WHERE e.id = $id ORDER BY r.kind
                """;
            command.Parameters.AddWithValue("$id", executionId.Value);
            using var reader = command.ExecuteReader();
            var results = new List<ResultLocation>();
            while (reader.Read()) results.Add(new ResultLocation(executionId, reader.GetString(0), reader.GetString(1)));
            return results;
        }, cancellationToken);
}
