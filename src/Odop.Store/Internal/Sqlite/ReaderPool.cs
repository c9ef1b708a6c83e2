using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Odop.Store.Internal.Sqlite;

/// <summary>
/// Read-only connections, kept open between reads. WAL lets them read a committed snapshot while
/// the writer writes; each connection serves one read at a time.
/// </summary>
internal sealed class ReaderPool(Func<SqliteConnection> open, int keep) : IDisposable
{
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
    private volatile bool _disposed;

    public SqliteConnection Rent() => _idle.TryTake(out var connection) ? connection : open();

    public void Return(SqliteConnection connection)
    {
        if (_disposed || _idle.Count >= keep)
        {
            connection.Dispose();
            return;
        }
        _idle.Add(connection);
        // Dispose may have run between the check and the add: do not leave it open.
        if (_disposed && _idle.TryTake(out var late)) late.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection)) connection.Dispose();
    }
}
