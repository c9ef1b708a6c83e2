using Microsoft.Data.Sqlite;

namespace Odop.Store.Internal.Sqlite;

/// <summary>
/// One SQL statement prepared once on a connection and run many times: parameters are bound by
/// position in the order their names were given, so a hot path allocates no command and parses
/// no SQL.
/// </summary>
internal sealed class Statement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public Statement(SqliteConnection connection, int timeoutSeconds, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _command.CommandTimeout = timeoutSeconds;
        _parameters = new SqliteParameter[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
            _parameters[i] = _command.Parameters.AddWithValue(parameterNames[i], DBNull.Value);
        _command.Prepare();
    }

    public int Execute(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        return _command.ExecuteNonQuery();
    }

    public object? Scalar(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        var value = _command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public SqliteDataReader Query(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        return _command.ExecuteReader();
    }

    private void Bind(ReadOnlySpan<object?> values)
    {
        if (values.Length != _parameters.Length)
            throw new InvalidOperationException($"statement takes {_parameters.Length} values, got {values.Length}");
        for (var i = 0; i < values.Length; i++) _parameters[i].Value = values[i] ?? DBNull.Value;
    }

    public void Dispose() => _command.Dispose();
}
