using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Odop.Store.Internal.Sqlite;

/// <summary>
/// One SQL statement prepared once on the writer connection and run many times, on SQLite's own
/// API: parameter names are looked up once, values are then bound in the order the names were
/// given, so a hot path allocates no command, parses no SQL and looks up no name. Errors come out as
/// <see cref="SqliteException"/>, like the rest of Microsoft.Data.Sqlite.
/// </summary>
/// <remarks>
/// SQLite's busy handler (PRAGMA busy_timeout) is the only wait on a lock here: a statement that
/// stays busy past it fails with SQLITE_BUSY.
/// </remarks>
internal sealed class Statement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly int[] _indexes;

    public Statement(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _stmt, out var rest);
        SqliteException.ThrowExceptionForRC(rc, _db);
        if (!string.IsNullOrWhiteSpace(rest)) throw new ArgumentException($"one statement at a time; left over: {rest}", nameof(sql));
        if (raw.sqlite3_bind_parameter_count(_stmt) != parameterNames.Length)
            throw new ArgumentException($"the statement has {raw.sqlite3_bind_parameter_count(_stmt)} parameters, {parameterNames.Length} named: {sql}");
        _indexes = parameterNames.Select(name => raw.sqlite3_bind_parameter_index(_stmt, name) is > 0 and var index
            ? index
            : throw new ArgumentException($"no parameter {name} in: {sql}")).ToArray();
    }

    /// <summary>Runs to completion and answers how many rows an INSERT, UPDATE or DELETE changed.</summary>
    public int Execute(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_stmt)) == raw.SQLITE_ROW) { }
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>Runs and stops at the first row: the caller reads its columns, then disposes the cursor.</summary>
    public Row First(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        var rc = raw.sqlite3_step(_stmt);
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            try { SqliteException.ThrowExceptionForRC(rc, _db); }
            finally { raw.sqlite3_reset(_stmt); }
        }
        return new Row(_stmt, rc == raw.SQLITE_ROW);
    }

    private void Bind(ReadOnlySpan<object?> values)
    {
        if (values.Length != _indexes.Length)
            throw new InvalidOperationException($"statement takes {_indexes.Length} values, got {values.Length}");
        for (var i = 0; i < values.Length; i++)
        {
            var index = _indexes[i];
            var rc = values[i] switch
            {
                null => raw.sqlite3_bind_null(_stmt, index),
                string s => raw.sqlite3_bind_text(_stmt, index, s),
                long l => raw.sqlite3_bind_int64(_stmt, index, l),
                int n => raw.sqlite3_bind_int64(_stmt, index, n),
                double d => raw.sqlite3_bind_double(_stmt, index, d),
                var other => throw new ArgumentException($"cannot bind a {other.GetType().Name}"),
            };
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose() => _stmt.Dispose();

    /// <summary>The current row of a <see cref="First"/> call; disposing resets the statement for its next use.</summary>
    public readonly ref struct Row(sqlite3_stmt stmt, bool exists)
    {
        public bool Exists => exists;
        public long Int64(int column) => raw.sqlite3_column_int64(stmt, column);
        public string Text(int column) => raw.sqlite3_column_text(stmt, column).utf8_to_string();
        public void Dispose() => raw.sqlite3_reset(stmt);
    }
}
