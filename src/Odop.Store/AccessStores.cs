using Odop.Store.Internal.Memory;
using Odop.Store.Internal.Sqlite;

namespace Odop.Store;

/// <summary>Makes access stores; the implementations are internal.</summary>
public static class AccessStores
{
    /// <summary>Opens the access tables of the SQLite file at <paramref name="path"/> (the agent's execution store file).</summary>
    public static IAccessStore OpenSqlite(string path, SqliteStoreOptions? options = null) =>
        SqliteAccessStore.Open(path, options ?? SqliteStoreOptions.Default);

    public static IAccessStore InMemory() => new InMemoryAccessStore();
}
