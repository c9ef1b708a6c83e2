using Odop.Store.Tests.Contract;

namespace Odop.Store.Tests.Sqlite;

/// <summary>The contract, on a real SQLite file in a temporary folder.</summary>
public class SqliteExecutionStoreTests : ExecutionStoreContract
{
    private TempDatabase _database = null!;

    protected override IExecutionStore CreateStore()
    {
        _database = new TempDatabase();
        return ExecutionStores.OpenSqlite(_database.Path);
    }

    [TearDown]
    public void RemoveDatabase() => _database.Dispose();
}
