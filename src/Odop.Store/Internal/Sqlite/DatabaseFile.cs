using Microsoft.Data.Sqlite;

namespace Odop.Store.Internal.Sqlite;

/// <summary>
/// Opening a database file safely: look before writing anything, refuse what is not ours, then
/// switch on WAL and bring the layout up to date in one transaction.
/// </summary>
internal static class DatabaseFile
{
    private static readonly Lazy<bool> NativeLoaded = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static string ConnectionString(string path, SqliteStoreOptions options) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        // Our own connections are kept open for the store's life; disposing must really close the file.
        Pooling = false,
        DefaultTimeout = TimeoutSeconds(options),
    }.ToString();

    /// <summary>Microsoft.Data.Sqlite retries a busy statement for this many whole seconds on top of SQLite's busy_timeout.</summary>
    public static int TimeoutSeconds(SqliteStoreOptions options) => Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));

    public static SqliteConnection OpenConnection(string connectionString, SqliteStoreOptions options)
    {
        _ = NativeLoaded.Value;
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            // Touches no page of the file: safe before we know what the file is.
            Exec(connection, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks the file is ours and not newer than us, sets the connection up as the writer and
    /// migrates. Throws <see cref="OdopStoreException"/> without having written anything when the
    /// file is refused.
    /// </summary>
    public static void PrepareWriter(SqliteConnection writer, string path, SqliteStoreOptions options)
    {
        // The first statement to read the file: garbage fails here with SQLITE_NOTADB, before any write.
        var (applicationId, version, objects) = ReadHeader(writer);
        var fresh = applicationId == 0 && version == 0 && objects == 0;
        if (!fresh && applicationId != Schema.ApplicationId)
            throw SqliteErrors.NotOdop(path, $"it is an SQLite database of another program: application_id {applicationId:X8}, {objects} schema objects");
        if (version > Schema.CurrentVersion) throw Newer(path, version);

        if (!fresh && options.CheckOnOpen)
        {
            var check = Scalar(writer, "PRAGMA quick_check(1)") as string;
            if (check != "ok") throw SqliteErrors.NotOdop(path, $"it is damaged: quick_check says '{check}'");
        }

        var mode = Scalar(writer, "PRAGMA journal_mode = WAL") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new OdopStoreException(StoreErrorKind.CannotWrite, path,
                $"cannot use write-ahead logging on {path} (journal mode stays '{mode}'); put the database on a local file system");
        Exec(writer, options.Synchronous == SqliteSynchronous.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        Exec(writer, "PRAGMA foreign_keys = ON");
        // WalCheckpointer checkpoints off the commit path; SQLite's own stays as a bound on the log.
        Exec(writer, $"PRAGMA wal_autocheckpoint = {WalCheckpointer.WriterFallbackPages}");
        // Up to 64 MiB of page cache for the writer (allocated only as pages are touched): the id
        // index takes random inserts, and keeping it in memory keeps batched enqueues fast.
        Exec(writer, "PRAGMA cache_size = -65536");
        if (options.MaxPageCount is { } pages) Exec(writer, $"PRAGMA max_page_count = {pages}");

        Migrate(writer, path);
    }

    public static void PrepareReader(SqliteConnection reader) => Exec(reader, "PRAGMA query_only = 1");

    private static void Migrate(SqliteConnection writer, string path)
    {
        Exec(writer, "BEGIN IMMEDIATE");
        try
        {
            // Read again under the write lock: another process may have migrated meanwhile.
            var (_, version, _) = ReadHeader(writer);
            if (version > Schema.CurrentVersion) throw Newer(path, version);
            if (version == Schema.CurrentVersion)
            {
                Exec(writer, "ROLLBACK");
                return;
            }
            for (var step = version; step < Schema.CurrentVersion; step++) Exec(writer, Schema.Migrations[step]);
            Exec(writer, $"PRAGMA application_id = {Schema.ApplicationId}");
            Exec(writer, $"PRAGMA user_version = {Schema.CurrentVersion}");
            // Crash point: before COMMIT returns, a crash leaves the file at its old version, whole
            // (the header fields are written in the same transaction as the tables); the next
            // open runs the migration again.
            Exec(writer, "COMMIT");
        }
        catch
        {
            if (!writer.IsAutocommit()) Exec(writer, "ROLLBACK");
            throw;
        }
    }

    private static (int ApplicationId, int Version, long Objects) ReadHeader(SqliteConnection connection) => (
        Convert.ToInt32(Scalar(connection, "PRAGMA application_id")),
        Convert.ToInt32(Scalar(connection, "PRAGMA user_version")),
        Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_master")));

    private static OdopStoreException Newer(string path, int version) => new(StoreErrorKind.NewerSchema, path,
        $"{path} was written by a newer Odop (schema version {version}; this build knows up to {Schema.CurrentVersion}). " +
        "It was left untouched: run the newer odop, or point this one at another file.");

    public static bool IsAutocommit(this SqliteConnection connection) =>
        SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0;

    public static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
