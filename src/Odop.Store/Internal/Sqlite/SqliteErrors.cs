using Microsoft.Data.Sqlite;

namespace Odop.Store.Internal.Sqlite;

/// <summary>Turns SQLite's result codes into errors a person can act on, each naming the file.</summary>
internal static class SqliteErrors
{
    // Primary result codes (https://sqlite.org/rescode.html).
    private const int Busy = 5, Locked = 6, ReadOnly = 8, IoErr = 10, Corrupt = 11, Full = 13, CantOpen = 14, NotADb = 26;

    public static OdopStoreException Map(SqliteException e, string path, string doing) => (e.SqliteErrorCode & 0xFF) switch
    {
        Busy or Locked => new OdopStoreException(StoreErrorKind.Locked, path,
            $"{doing}: the database {path} is locked by another process or connection and stayed locked past the busy timeout; " +
            "is another odop agent using the same file? Nothing was written.", e),
        Full => new OdopStoreException(StoreErrorKind.Full, path,
            $"{doing}: the disk holding {path} is full (or the database reached its size limit); " +
            "the transaction was rolled back and the stored data is intact. Free space or purge old executions.", e),
        Corrupt or NotADb => NotOdop(path, $"SQLite says: {e.Message}", e),
        ReadOnly or CantOpen => new OdopStoreException(StoreErrorKind.CannotWrite, path,
            $"{doing}: cannot open or write {path}: {e.Message}. Check the folder exists and is writable.", e),
        IoErr => new OdopStoreException(StoreErrorKind.Other, path, $"{doing}: I/O error on {path}: {e.Message}", e),
        _ => new OdopStoreException(StoreErrorKind.Other, path, $"{doing}: SQLite error on {path}: {e.Message}", e),
    };

    public static OdopStoreException NotOdop(string path, string why, Exception? inner = null) =>
        new(StoreErrorKind.NotAnOdopDatabase, path,
            $"{path} is not a valid Odop database ({why}). It was left untouched: move it away or point the agent at another file.", inner);
}
