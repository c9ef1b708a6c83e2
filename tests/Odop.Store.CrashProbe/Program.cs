using Odop.Core;
using Odop.Core.Executions;
using Odop.Store;

// Usage: Odop.Store.CrashProbe DB_PATH BATCH_SIZE
// Enqueues batches forever. After each EnqueueAsync returns (committed, synced), prints every id
// of the batch on its own line: a printed id is an acknowledged one and must survive a SIGKILL.
if (args.Length != 2 || !int.TryParse(args[1], out var batchSize) || batchSize < 1)
{
    Console.Error.WriteLine("usage: Odop.Store.CrashProbe DB_PATH BATCH_SIZE");
    return 2;
}

using var store = ExecutionStores.OpenSqlite(args[0]);
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
stdout.WriteLine("ready");
stdout.Flush();
var sequence = await store.MaxSequenceAsync();
while (true)
{
    var batch = new ExecutionRecord[batchSize];
    for (var i = 0; i < batchSize; i++)
        batch[i] = new ExecutionRecord(ExecutionId.New(), "crash-probe", ++sequence, DateTimeOffset.UtcNow);
    await store.EnqueueAsync(batch);
    foreach (var record in batch) stdout.WriteLine(record.Id.Value);
    stdout.Flush();
}
