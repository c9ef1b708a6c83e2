using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Odop.Store.Internal.Sqlite;

/// <summary>
/// The contract on one SQLite file in WAL mode. One writer connection, used by one caller at a
/// time (a semaphore), runs every write as a single BEGIN IMMEDIATE … COMMIT with prepared
/// statements; reads go through a small pool of read-only connections and see committed data.
/// </summary>
/// <remarks>
/// Durability: with <see cref="SqliteSynchronous.Full"/> each COMMIT syncs the WAL, so a call that
/// returned survives a kill or a power loss. A crash at any point before COMMIT returns leaves
/// the file as it was before the call: SQLite ignores WAL frames without a synced commit marker
/// when it next opens the file. Reads, and writes once the writer is free, run on the calling thread.
/// </remarks>
internal sealed partial class SqliteExecutionStore : IExecutionStore
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly WriterStatements _statements;
    private readonly ReaderPool _readers;
    private readonly WalCheckpointer _checkpointer;
    private int _disposeStarted;
    private volatile bool _disposed;

    private SqliteExecutionStore(string path, SqliteStoreOptions options, SqliteConnection writer, string connectionString)
    {
        DatabasePath = path;
        Options = options;
        _writer = writer;
        _checkpointer = new WalCheckpointer(DatabaseFile.OpenConnection(connectionString, options), _writeGate);
        _statements = new WriterStatements(writer);
        _readers = new ReaderPool(() =>
        {
            var reader = DatabaseFile.OpenConnection(connectionString, options);
            DatabaseFile.PrepareReader(reader);
            return reader;
        }, keep: 4);
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    public SqliteStoreOptions Options { get; }

    public static SqliteExecutionStore Open(string path, SqliteStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        var fullPath = Path.GetFullPath(path);
        var connectionString = DatabaseFile.ConnectionString(fullPath, options);
        SqliteConnection? writer = null;
        try
        {
            if (Path.GetDirectoryName(fullPath) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
            writer = DatabaseFile.OpenConnection(connectionString, options);
            DatabaseFile.PrepareWriter(writer, fullPath, options);
            return new SqliteExecutionStore(fullPath, options, writer, connectionString);
        }
        catch (SqliteException e)
        {
            writer?.Dispose();
            throw SqliteErrors.Map(e, fullPath, "opening the store");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            writer?.Dispose();
            throw new OdopStoreException(StoreErrorKind.CannotWrite, fullPath, $"cannot create {fullPath}: {e.Message}", e);
        }
        catch
        {
            writer?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> as one write transaction. Either it commits whole, or it is
    /// rolled back and the call throws; the stored data is then as it was before.
    /// </summary>
    private async Task<T> WriteAsync<T>(string doing, Func<T> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            return Transaction(body);
        }
        catch (SqliteException e)
        {
            throw SqliteErrors.Map(e, DatabasePath, doing);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private T Transaction<T>(Func<T> body)
    {
        Debug.Assert(_writer.IsAutocommit(), "between calls the writer holds no open transaction");
        // BEGIN IMMEDIATE takes the write lock now (waiting up to the busy timeout), so the reads
        // a compare-and-swap makes inside the body cannot be overtaken by another process.
        _statements.Begin.Execute();
        try
        {
            var result = body();
            // Crash point: until COMMIT returns, a crash (or a kill) leaves nothing of this
            // transaction: its WAL frames lack a synced commit marker and recovery drops them.
            // The caller has not been told "done", so it retries, and every write here is
            // idempotent or compare-and-swap checked, so the retry is safe.
            _statements.Commit.Execute();
            _checkpointer.Committed();
            // Crash point: after COMMIT returned (synchronous=FULL) the transaction is on disk;
            // a crash before the caller acts on the result loses only the acknowledgement.
            return result;
        }
        catch
        {
            // SQLite rolls back by itself on some errors (a full disk, an I/O error); only roll
            // back what is still open, so the original error is the one the caller sees.
            if (!_writer.IsAutocommit()) _statements.Rollback.Execute();
            throw;
        }
    }

    /// <summary>Runs a read on a pooled read-only connection.</summary>
    private Task<T> ReadAsync<T>(string doing, Func<SqliteConnection, T> body, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        if (_disposed) return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteExecutionStore)));
        SqliteConnection? connection = null;
        try
        {
            connection = _readers.Rent();
            return Task.FromResult(body(connection));
        }
        catch (SqliteException e)
        {
            return Task.FromException<T>(SqliteErrors.Map(e, DatabasePath, doing));
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
        finally
        {
            if (connection is not null) _readers.Return(connection);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 1) return;
        _disposed = true;
        // Before the writer, and before taking the gate it may be waiting for: closing the last
        // connection then checkpoints what is left and removes the log.
        _checkpointer.Dispose();
        // Let a write in flight finish; later ones see _disposed.
        _writeGate.Wait();
        try
        {
            _statements.Dispose();
            _writer.Dispose();
            _readers.Dispose();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
