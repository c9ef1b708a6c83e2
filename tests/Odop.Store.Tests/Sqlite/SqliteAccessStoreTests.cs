using Odop.Core;
using Odop.Core.Hardware;
using Odop.Store.Tests.Contract;

namespace Odop.Store.Tests.Sqlite;

public class SqliteAccessStoreTests : AccessStoreContract
{
    private readonly List<TempDatabase> _databases = [];

    protected override IAccessStore CreateStore()
    {
        var database = new TempDatabase();
        _databases.Add(database);
        return AccessStores.OpenSqlite(database.Path);
    }

    [TearDown]
    public void RemoveDatabases()
    {
        foreach (var database in _databases) database.Dispose();
        _databases.Clear();
    }

    [Test]
    public async Task AccessTables_ShareTheExecutionStoresFile_AndSurviveReopening()
    {
        using var database = new TempDatabase();
        var id = ExecutionId.New();
        using (var executions = ExecutionStores.OpenSqlite(database.Path))
        using (var access = AccessStores.OpenSqlite(database.Path))
        {
            await access.AddUserAsync(new StoredUser("alice", ["query"], [1, 2], DateTimeOffset.UnixEpoch));
            await access.SaveLeaseAsync(new StoredLease("l1", "alice", CpuSet.Of(1), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1)));
            await access.RecordOwnersAsync([(id, "alice")]);
        }

        using var reopened = AccessStores.OpenSqlite(database.Path);
        Assert.That((await reopened.UsersAsync()).Single().TokenHash, Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That((await reopened.LeasesAsync(includeEnded: false)).Single().Id, Is.EqualTo("l1"));
        Assert.That((await reopened.OwnersAsync())[id.Value], Is.EqualTo("alice"));
    }
}
