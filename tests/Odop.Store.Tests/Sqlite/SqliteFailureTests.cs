using System.Diagnostics;
using Odop.Core;
using Odop.Core.Executions;

namespace Odop.Store.Tests.Sqlite;

/// <summary>
/// A file that is not ours, newer than us, locked or full: each is refused with an error that
/// names the file, and the data in it stays as it was.
/// </summary>
public class SqliteFailureTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private TempDatabase _database = null!;
    private long _sequence;

    [SetUp]
    public void CreateFolder() => _database = new TempDatabase();

    [TearDown]
    public void RemoveFolder() => _database.Dispose();

    private List<ExecutionRecord> Batch(int size) =>
        Enumerable.Range(0, size).Select(_ => new ExecutionRecord(ExecutionId.New(), "reduce", ++_sequence, T0)).ToList();

    private static void AssertRefused(Action open, StoreErrorKind kind, string path, string saying)
    {
        var e = Assert.Throws<OdopStoreException>(open);
        TestContext.Out.WriteLine(e!.Message);
        Assert.That(e!.Kind, Is.EqualTo(kind));
        Assert.That(e.DatabasePath, Is.EqualTo(path));
        Assert.That(e.Message, Does.Contain(path).And.Contain(saying));
    }

    [Test]
    public void Open_AFileOfGarbage_IsRefusedNamingTheFile_AndLeftUntouched()
    {
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(_database.Path, garbage);

        AssertRefused(() => ExecutionStores.OpenSqlite(_database.Path), StoreErrorKind.NotAnOdopDatabase, _database.Path, "is not a valid Odop database");

        Assert.That(File.ReadAllBytes(_database.Path), Is.EqualTo(garbage));
    }

    [Test]
    public async Task Open_AStoreDamagedInTheMiddle_IsRefused_AndLeftUntouched()
    {
        using (var store = ExecutionStores.OpenSqlite(_database.Path))
            for (var i = 0; i < 10; i++) await store.EnqueueAsync(Batch(200));
        var bytes = File.ReadAllBytes(_database.Path);
        Assert.That(bytes.Length, Is.GreaterThan(16 * 4096), "enough pages to damage some in the middle");
        new Random(11).NextBytes(bytes.AsSpan(4 * 4096, 8 * 4096));
        File.WriteAllBytes(_database.Path, bytes);
        var before = RawSqlite.Hash(_database.Path);

        AssertRefused(() => ExecutionStores.OpenSqlite(_database.Path), StoreErrorKind.NotAnOdopDatabase, _database.Path, "is not a valid Odop database");

        Assert.That(RawSqlite.Hash(_database.Path), Is.EqualTo(before));
    }

    [Test]
    public void Open_AnotherProgramsDatabase_IsRefused_AndLeftUntouched()
    {
        using (var other = RawSqlite.Open(_database.Path))
            RawSqlite.Scalar(other, "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada')");
        var before = RawSqlite.Hash(_database.Path);

        AssertRefused(() => ExecutionStores.OpenSqlite(_database.Path), StoreErrorKind.NotAnOdopDatabase, _database.Path, "another program");

        Assert.That(RawSqlite.Hash(_database.Path), Is.EqualTo(before));
        Assert.That(RawSqlite.Scalar(_database.Path, "SELECT name FROM people"), Is.EqualTo("ada"));
    }

    [Test]
    public async Task Open_ADatabaseWrittenByANewerSchema_IsRefused_AndLeftUntouched()
    {
        using (var store = ExecutionStores.OpenSqlite(_database.Path)) await store.EnqueueAsync(Batch(3));
        using (var raw = RawSqlite.Open(_database.Path)) RawSqlite.Scalar(raw, "PRAGMA user_version = 99");
        var before = RawSqlite.Hash(_database.Path);

        AssertRefused(() => ExecutionStores.OpenSqlite(_database.Path), StoreErrorKind.NewerSchema, _database.Path, "schema version 99");

        Assert.That(RawSqlite.Hash(_database.Path), Is.EqualTo(before));
        Assert.That(RawSqlite.Scalar(_database.Path, "SELECT count(*) FROM executions"), Is.EqualTo(3L));
    }

    [Test]
    public async Task Write_WhileAnotherConnectionHoldsTheWriteLock_FailsNamingTheFile_ThenWorksOnceReleased()
    {
        using var store = ExecutionStores.OpenSqlite(_database.Path, new SqliteStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(300) });
        var first = Batch(1);
        await store.EnqueueAsync(first);
        using var holder = RawSqlite.Open(_database.Path);
        RawSqlite.Scalar(holder, "BEGIN EXCLUSIVE; INSERT INTO store_meta VALUES ('held', 1)");

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<OdopStoreException>(() => store.EnqueueAsync(Batch(1)));
        clock.Stop();

        TestContext.Out.WriteLine($"after {clock.ElapsedMilliseconds} ms: {e!.Message}");
        Assert.That(e.Kind, Is.EqualTo(StoreErrorKind.Locked));
        Assert.That(e.Message, Does.Contain(_database.Path).And.Contain("locked"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "gives up after the busy timeout");
        Assert.That(await store.GetAsync(first[0].Id), Is.Not.Null, "reads go on while the lock is held (WAL)");

        RawSqlite.Scalar(holder, "ROLLBACK");
        var after = Batch(1);
        await store.EnqueueAsync(after);
        Assert.That((await store.ListAsync(ExecutionFilter.All)).Select(r => r.Id), Is.EqualTo(new[] { first[0].Id, after[0].Id }));
    }

    [Test]
    public void Open_WhileAnotherConnectionHoldsAnExclusiveLock_FailsNamingTheFile()
    {
        using (ExecutionStores.OpenSqlite(_database.Path)) { }
        using var holder = RawSqlite.Open(_database.Path);
        RawSqlite.Scalar(holder, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO store_meta VALUES ('held', 1)");

        AssertRefused(() => ExecutionStores.OpenSqlite(_database.Path, new SqliteStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(300) }),
            StoreErrorKind.Locked, _database.Path, "locked");
    }

    [Test]
    public async Task Write_WhenTheDiskIsFull_FailsWhole_AndKeepsEveryEarlierRow()
    {
        // max_page_count stands in for a full disk: SQLite answers SQLITE_FULL either way.
        var capped = new SqliteStoreOptions { MaxPageCount = 40 };
        var acknowledged = new List<ExecutionId>();
        List<ExecutionRecord>? refused = null;
        OdopStoreException? full = null;
        using (var store = ExecutionStores.OpenSqlite(_database.Path, capped))
        {
            for (var i = 0; i < 1000 && full is null; i++)
            {
                var batch = Batch(25);
                try
                {
                    await store.EnqueueAsync(batch);
                    acknowledged.AddRange(batch.Select(r => r.Id));
                }
                catch (OdopStoreException e)
                {
                    full = e;
                    refused = batch;
                }
            }
            Assert.That(full, Is.Not.Null, "the cap was reached");
            TestContext.Out.WriteLine($"{acknowledged.Count} acknowledged, then: {full!.Message}");
            Assert.That(full!.Kind, Is.EqualTo(StoreErrorKind.Full));
            Assert.That(full.Message, Does.Contain(_database.Path).And.Contain("full"));
            Assert.That(acknowledged, Is.Not.Empty);

            // Still usable for reads, and it holds exactly the acknowledged batches.
            var stored = (await store.ListAsync(ExecutionFilter.All)).Select(r => r.Id).ToList();
            Assert.That(stored, Is.EqualTo(acknowledged));

            // The writer is not left inside a broken transaction: the next write commits or fails whole.
            try
            {
                Assert.That((await store.TryClaimAsync(acknowledged[0], T0, "claim on a full disk")).Applied, Is.True);
            }
            catch (OdopStoreException e) when (e.Kind == StoreErrorKind.Full)
            {
                Assert.That((await store.GetAsync(acknowledged[0]))!.State, Is.EqualTo(ExecutionState.Queued));
            }
        }

        Assert.That(RawSqlite.Scalar(_database.Path, "PRAGMA integrity_check"), Is.EqualTo("ok"));
        using var roomy = ExecutionStores.OpenSqlite(_database.Path);
        Assert.That(await roomy.GetAsync(refused![0].Id), Is.Null, "nothing of the failed batch");
        await roomy.EnqueueAsync(refused);
        Assert.That((await roomy.CountByStateAsync()).Values.Sum(), Is.EqualTo(acknowledged.Count + refused.Count));
    }
}
