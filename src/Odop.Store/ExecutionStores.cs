using Odop.Store.Internal.Memory;
using Odop.Store.Internal.Sqlite;

namespace Odop.Store;

/// <summary>Makes execution stores. The implementations are internal; callers see <see cref="IExecutionStore"/>.</summary>
public static class ExecutionStores
{
    /// <summary>
    /// Opens (or creates) the SQLite store at <paramref name="path"/>, migrating an older schema.
    /// An existing file that is not an Odop database, or was written by a newer Odop, is refused
    /// with <see cref="OdopStoreException"/> and left untouched.
    /// </summary>
    public static IExecutionStore OpenSqlite(string path, SqliteStoreOptions? options = null) =>
        SqliteExecutionStore.Open(path, options ?? SqliteStoreOptions.Default);

    /// <summary>A store that lives in this process only: for tests and <c>--store memory</c>.</summary>
    public static IExecutionStore InMemory() => new InMemoryExecutionStore();
}
