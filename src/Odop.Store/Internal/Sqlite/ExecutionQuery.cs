using Microsoft.Data.Sqlite;
using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Hardware;
using Odop.Core.Profiles;

namespace Odop.Store.Internal.Sqlite;

/// <summary>
/// Loads executions with their history in ONE statement (executions joined to transitions), so
/// a read sees one consistent snapshot even while the writer commits.
/// </summary>
internal static class ExecutionQuery
{
    public static readonly (string Column, bool Descending)[] BySequence = [("enqueue_sequence", false), ("row", false)];
    public static readonly (string Column, bool Descending)[] BySequenceDescending = [("enqueue_sequence", true), ("row", true)];
    public static readonly (string Column, bool Descending)[] ByDispatch = [("priority", true), ("enqueue_sequence", false), ("row", false)];

    private const string Columns =
        "x.row, x.id, x.task_id, x.task_name, x.priority, x.execution_option, x.enqueue_sequence, x.enqueued_at, x.state, x.ended_at, " +
        "x.node, x.placement, x.pid, x.exit_code, x.cpu_seconds, x.peak_rss_bytes, x.peak_threads, x.wall_seconds, " +
        "t.from_state, t.to_state, t.at, t.reason, x.class, x.wf_spec, x.wf_retries, x.wf_not_before";

    /// <param name="where">A condition on alias <c>e</c> with parameters $p0, $p1, … bound from <paramref name="values"/>.</param>
    public static List<StoredExecution> Load(
        SqliteConnection connection, string where, IReadOnlyList<object?> values,
        (string Column, bool Descending)[]? order = null, int? limit = null)
    {
        order ??= BySequence;
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns}
            FROM (SELECT e.*, w.spec AS wf_spec, w.retries AS wf_retries, w.not_before AS wf_not_before
                  FROM executions AS e LEFT JOIN execution_workflow AS w ON w.execution = e.row WHERE {where} ORDER BY {OrderBy("e", order)} LIMIT {limit ?? -1}) AS x
            LEFT JOIN transitions AS t ON t.execution = x.row
            ORDER BY {OrderBy("x", order)}, t.row
            """;
        for (var i = 0; i < values.Count; i++) command.Parameters.AddWithValue($"$p{i}", values[i] ?? DBNull.Value);

        var loaded = new List<StoredExecution>();
        using var reader = command.ExecuteReader();
        StoredExecution? current = null;
        while (reader.Read())
        {
            if (current is null || current.Row != reader.GetInt64(0))
            {
                current = ReadExecution(reader);
                loaded.Add(current);
            }
            if (!reader.IsDBNull(18))
                current.Transitions.Add(new StateTransition(
                    ExecutionStateNames.Parse(reader.GetString(18)), ExecutionStateNames.Parse(reader.GetString(19)),
                    Rules.FromTicks(reader.GetInt64(20)), reader.GetString(21)));
        }
        return loaded;
    }

    private static StoredExecution ReadExecution(SqliteDataReader r) => new()
    {
        Row = r.GetInt64(0),
        Id = ExecutionId.Parse(r.GetString(1)),
        TaskId = r.GetString(2),
        TaskName = r.IsDBNull(3) ? null : r.GetString(3),
        Priority = r.GetInt32(4),
        ExecutionOptionJson = r.GetString(5),
        EnqueueSequence = r.GetInt64(6),
        EnqueuedAt = Rules.FromTicks(r.GetInt64(7)),
        State = ExecutionStateNames.Parse(r.GetString(8)),
        EndedAt = r.IsDBNull(9) ? null : Rules.FromTicks(r.GetInt64(9)),
        Node = r.IsDBNull(10) ? null : r.GetString(10),
        Placement = CpuSet.Parse(r.GetString(11)),
        Pid = r.IsDBNull(12) ? null : r.GetInt32(12),
        ExitCode = r.IsDBNull(13) ? null : r.GetInt32(13),
        Usage = r.IsDBNull(14) ? null : new MeasuredUsage(r.GetDouble(14), r.GetInt64(15), r.GetInt32(16), r.GetDouble(17)),
        Class = ExecutionClassNames.TryParse(r.GetString(22), out var cls) ? cls : ExecutionClass.Normal,
        WorkflowJson = r.IsDBNull(23) || r.GetString(23) == "{}" ? null : r.GetString(23),
        Retries = r.IsDBNull(24) ? 0 : r.GetInt32(24),
        NotBefore = r.IsDBNull(25) ? null : Rules.FromTicks(r.GetInt64(25)),
    };

    private static string OrderBy(string alias, (string Column, bool Descending)[] order) =>
        string.Join(", ", order.Select(o => $"{alias}.{o.Column}{(o.Descending ? " DESC" : "")}"));
}
