using System.Diagnostics;
using Odop.Core;
using Odop.Core.Executions;

namespace Odop.Store.Tests.Sqlite;

/// <summary>
/// Not a test: measures enqueues per second on a real file and prints them. Run with
/// <c>dotnet test tests/Odop.Store.Tests -c Release --filter "Category=Benchmark" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Explicit("a measurement, not a check: run it by hand")]
[Category("Benchmark")]
public class EnqueueThroughput
{
    [TestCase(SqliteSynchronous.Full, 1, 2_000)]
    [TestCase(SqliteSynchronous.Full, 10, 20_000)]
    [TestCase(SqliteSynchronous.Full, 100, 100_000)]
    [TestCase(SqliteSynchronous.Full, 1000, 200_000)]
    [TestCase(SqliteSynchronous.Normal, 1, 20_000)]
    [TestCase(SqliteSynchronous.Normal, 100, 100_000)]
    [TestCase(SqliteSynchronous.Normal, 1000, 200_000)]
    public async Task Enqueue(SqliteSynchronous synchronous, int batchSize, int total)
    {
        using var database = new TempDatabase();
        using var store = ExecutionStores.OpenSqlite(database.Path, new SqliteStoreOptions { Synchronous = synchronous });
        var batches = Enumerable.Range(0, total / batchSize)
            .Select(b => Enumerable.Range(0, batchSize)
                .Select(i => new ExecutionRecord(ExecutionId.New(), "reduce", (long)b * batchSize + i + 1, DateTimeOffset.UtcNow)
                {
                    TaskName = "reduce",
                    ExecutionOption = new() { ["input"] = $"out/step_{b:D6}_{i:D4}.h5" },
                })
                .ToList())
            .ToList();
        await store.EnqueueAsync(batches[0]); // warm up: JIT, page cache
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches.Skip(1)) await store.EnqueueAsync(batch);
        clock.Stop();

        var count = (batches.Count - 1) * batchSize;
        var rate = count / clock.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine(
            $"synchronous={synchronous} batch={batchSize}: {count} enqueues in {clock.Elapsed.TotalMilliseconds:F0} ms = {rate:N0}/s " +
            $"({clock.Elapsed.TotalMilliseconds / (batches.Count - 1):F2} ms per transaction)");
        Assert.That((await store.CountByStateAsync())[ExecutionState.Queued], Is.EqualTo(batches.Count * batchSize));
    }
}
