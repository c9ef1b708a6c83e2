using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Hardware;
using Odop.Core.Profiles;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Sqlite;

/// <summary>What only a file can promise: it is still there after the store, or the process, is gone.</summary>
public class SqliteDurabilityTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private TempDatabase _database = null!;

    [SetUp]
    public void CreateFolder() => _database = new TempDatabase();

    [TearDown]
    public void RemoveFolder() => _database.Dispose();

    [TestCase(SqliteSynchronous.Full)]
    [TestCase(SqliteSynchronous.Normal)]
    public async Task Reopen_ReadsBackEverythingWritten(SqliteSynchronous synchronous)
    {
        var options = new SqliteStoreOptions { Synchronous = synchronous };
        var done = new ExecutionRecord(ExecutionId.New(), "reduce", 7, T0) { TaskName = "reduce", Priority = 2 };
        var queued = new ExecutionRecord(ExecutionId.New(), "render", 8, T0.AddSeconds(1));
        var usage = new MeasuredUsage(3.5, 2048, 3, 4);
        using (var store = ExecutionStores.OpenSqlite(_database.Path, options))
        {
            await store.EnqueueAsync([done, queued]);
            await store.ApplyAsync(
            [
                new TransitionRequest(done.Id, Queued, Starting, T0.AddSeconds(2), "placed", new ExecutionChanges { Placement = CpuSet.Parse("2-3"), Node = "n01" }),
                new TransitionRequest(done.Id, Starting, Running, T0.AddSeconds(3), "started", new ExecutionChanges { Pid = 99 }),
                new TransitionRequest(done.Id, Running, Succeeded, T0.AddSeconds(9), "exited 0", new ExecutionChanges { ExitCode = 0, Usage = usage }),
            ]);
            await store.RecordMeasurementAsync("reduce", done.Id, usage, T0.AddSeconds(9));
            await store.RecordResultAsync(done.Id, "stdout", "/logs/reduce.out");
        }

        using var reopened = ExecutionStores.OpenSqlite(_database.Path, options);

        var stored = await reopened.GetAsync(done.Id);
        Assert.That(stored!.State, Is.EqualTo(Succeeded));
        Assert.That(stored.Transitions.Select(t => t.Reason), Is.EqualTo(new[] { "placed", "started", "exited 0" }));
        Assert.That(stored.Placement, Is.EqualTo(CpuSet.Parse("2-3")));
        Assert.That(stored.Node, Is.EqualTo("n01"));
        Assert.That(stored.Pid, Is.EqualTo(99));
        Assert.That(stored.Usage, Is.EqualTo(usage));
        Assert.That((await reopened.LoadLiveAndQueuedAsync()).Queued.Select(r => r.Id), Is.EqualTo(new[] { queued.Id }));
        Assert.That(await reopened.MaxSequenceAsync(), Is.EqualTo(8));
        Assert.That(await reopened.MeasurementsAsync("reduce", 5), Has.Count.EqualTo(1));
        Assert.That(await reopened.ResultsAsync(done.Id), Has.Count.EqualTo(1));
    }

    [Test]
    public void Open_ANewFile_MarksItAsOdopsInWalMode()
    {
        using (ExecutionStores.OpenSqlite(_database.Path)) { }

        Assert.That(RawSqlite.Scalar(_database.Path, "PRAGMA application_id"), Is.EqualTo(0x4F444F50L));
        Assert.That(RawSqlite.Scalar(_database.Path, "PRAGMA user_version"), Is.EqualTo((long)Internal.Sqlite.Schema.CurrentVersion));
        Assert.That(RawSqlite.Scalar(_database.Path, "PRAGMA journal_mode"), Is.EqualTo("wal"));
    }

    [Test]
    public async Task Open_AnEmptyFile_InitialisesIt()
    {
        await File.WriteAllBytesAsync(_database.Path, []);

        using var store = ExecutionStores.OpenSqlite(_database.Path);

        Assert.That(await store.EnqueueAsync([new ExecutionRecord(ExecutionId.New(), "reduce", 1, T0)]), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Open_InAFolderThatDoesNotExistYet_CreatesIt()
    {
        var nested = Path.Combine(_database.Folder, "state", "agent", "odop.db");

        using var store = ExecutionStores.OpenSqlite(nested);

        Assert.That(File.Exists(nested), Is.True);
        Assert.That(await store.MaxSequenceAsync(), Is.Zero);
    }

    [Test]
    public async Task Reads_WhileAnotherStoreWritesTheSameFile_SeeOnlyCommittedBatches()
    {
        using var writer = ExecutionStores.OpenSqlite(_database.Path);
        using var reader = ExecutionStores.OpenSqlite(_database.Path);
        const int batches = 20, size = 50;

        var writing = Task.Run(async () =>
        {
            for (var b = 0; b < batches; b++)
                await writer.EnqueueAsync(Enumerable.Range(0, size)
                    .Select(i => new ExecutionRecord(ExecutionId.New(), "reduce", b * size + i + 1, T0)).ToList());
        });
        var seen = new List<int>();
        while (!writing.IsCompleted) seen.Add((await reader.CountByStateAsync())[Queued]);
        await writing;
        seen.Add((await reader.CountByStateAsync())[Queued]);

        Assert.That(seen, Is.All.Matches<int>(n => n % size == 0), "a batch is seen whole or not at all");
        Assert.That(seen[^1], Is.EqualTo(batches * size));
    }
}
