using System.Buffers.Binary;
using Odop.Core;
using Odop.Core.Executions;

namespace Odop.Store.Tests.Sqlite;

/// <summary>The write-ahead log is copied into the database by the store's own checkpointer, not inside a COMMIT.</summary>
public class SqliteCheckpointTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private TempDatabase _database = null!;

    [SetUp]
    public void CreateFolder() => _database = new TempDatabase();

    [TearDown]
    public void RemoveFolder() => _database.Dispose();

    [Test]
    public async Task ALogGrownByManySingleCommits_StartsOverWithoutAnyCommitCheckpointing()
    {
        using var store = ExecutionStores.OpenSqlite(_database.Path, new SqliteStoreOptions { Synchronous = SqliteSynchronous.Normal });
        var sequence = 0;
        async Task<long> CommitAsync()
        {
            sequence++;
            await store.EnqueueAsync([new ExecutionRecord(ExecutionId.New(), "reduce", sequence, T0.AddMilliseconds(sequence)) { TaskName = "reduce" }]);
            return LastFrame();
        }

        // About 5 pages a commit: far past the 2,000 frames where the log should start over, far
        // below the 20,000 where the writer would checkpoint inside a COMMIT.
        long frames = 0;
        for (var i = 0; i < 1_000; i++) frames = Math.Max(frames, await CommitAsync());
        Assert.That(frames, Is.GreaterThanOrEqualTo(2_000), "commits went faster than any checkpoint could follow");

        // However far behind the checkpointer is, a later commit finds the log copied and writes it from its start.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((frames = await CommitAsync()) > 100 && DateTime.UtcNow < deadline) await Task.Delay(5);
        Assert.That(frames, Is.LessThanOrEqualTo(100), $"the log still holds {frames} frames after {sequence} commits");
        Assert.That(await store.MaxSequenceAsync(), Is.EqualTo(sequence));
    }

    /// <summary>mxFrame of the WAL index header in the -shm file (native byte order): the log's last valid frame.</summary>
    private long LastFrame()
    {
        using var shm = new FileStream(_database.Path + "-shm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Span<byte> header = stackalloc byte[20];
        shm.ReadExactly(header);
        return BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
    }
}
