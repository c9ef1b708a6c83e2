using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Odop.Agent;
using Odop.Benchmarks.Sampler;
using Odop.Client;
using Odop.Protocol;
using Odop.Protocol.V1;
using Odop.Store;

namespace Odop.Benchmarks.Enqueue;

/// <summary>
/// Durable enqueue through the whole path a simulation uses: a real agent (AgentHost, its loop and
/// its SQLite store file with synchronous=FULL in a temporary folder) serving gRPC on a Unix socket,
/// and a real client on that socket. Every acknowledged enqueue is committed and synced. No engine
/// runs: nothing is placed, so the queue only grows and the numbers are the enqueue path's alone.
/// Arguments: [single-calls] [batch-calls]. The client runs in this process, on the same 2 cores.
/// </summary>
internal static class EnqueueBenchmark
{
    private const double TargetBatchedPerSecond = 20_000;
    private const double TargetSingleP99Micros = 1_000;

    public static int Run(string[] args)
    {
        var singles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
        var batchCalls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
        var rows = new List<Row>();
        foreach (var sync in new[] { SqliteSynchronous.Full, SqliteSynchronous.Normal })
            rows.AddRange(RunAsync(singles, batchCalls, sync).GetAwaiter().GetResult());
        Print(rows);
        Console.WriteLine($"disk floor: one 4 KiB write + fdatasync in the same folder: {FsyncFloor()}");
        Console.WriteLine("full: every acknowledged enqueue is synced (survives a power loss); normal: survives a killed agent, may lose the last commits on a power loss");
        return 0;
    }

    private sealed record Row(string What, double PerSecond, Percentiles Latency, string Target, bool Met)
    {
        /// <summary>CPU time (agent and client together, this process) per enqueued element: what the box pays, whatever else runs on it.</summary>
        public double CpuMicrosPerElement { get; init; }
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static async Task<List<Row>> RunAsync(int singles, int batchCalls, SqliteSynchronous sync)
    {
        var root = Directory.CreateTempSubdirectory("odop-bench-enqueue-").FullName;
        try
        {
            var profiles = Directory.CreateDirectory(Path.Combine(root, "profiles")).FullName;
            File.WriteAllText(Path.Combine(profiles, "reduce.json"), new JsonObject
            {
                ["task_id"] = Guid.NewGuid().ToString(),
                ["metadata"] = new JsonObject { ["name"] = "reduce" },
                ["execution_method"] = new JsonObject { ["command"] = new JsonArray("true") },
                ["execution_requirement"] = new JsonObject { ["time"] = "1min", ["cpus"] = new JsonObject { ["max"] = "1", ["min"] = "1" } },
            }.ToJsonString());
            var store = Path.Combine(root, "agent.db");
            await using var agent = await AgentHost.StartAsync(new AgentOptions
            {
                SocketPath = Path.Combine(root, "agent.sock"),
                EngineEndpoint = "unix:" + Path.Combine(root, "no-engine.sock"),
                ProfilesDirectory = profiles,
                StorePath = store,
                StoreSynchronous = sync,
            }, NullLoggerFactory.Instance);
            using var client = OdopClient.Connect("unix:" + agent.SocketPath);
            var mode = sync.ToString().ToLowerInvariant();
            Console.WriteLine($"durable enqueue: real agent on unix:{agent.SocketPath}, SQLite store {store} (WAL, synchronous={mode}), client in-process");

            // Warm-up: JIT, connection, page cache.
            for (var i = 0; i < 500; i++) await client.EnqueueAsync("reduce", Option(i));
            await client.EnqueueBatchAsync(Elements(1000, 0));

            var rows = new List<Row>();

            var cpu = Cpu();
            var single = await SequentialSinglesAsync(client, singles);
            rows.Add(new($"[{mode}] single Enqueue, sequential", single.PerSecond, single.Latency, "p99 < 1 ms", single.Latency.P99 < TargetSingleP99Micros)
                { CpuMicrosPerElement = (Cpu() - cpu).TotalMicroseconds / singles });

            foreach (var size in new[] { 100, 1000 })
            {
                var calls = size == 100 ? batchCalls * 5 : batchCalls;
                cpu = Cpu();
                var batch = await BatchesAsync(client, size, calls);
                rows.Add(new($"[{mode}] EnqueueBatch x{size}, sequential", batch.PerSecond, batch.Latency, ">= 20,000/s", batch.PerSecond >= TargetBatchedPerSecond)
                    { CpuMicrosPerElement = (Cpu() - cpu).TotalMicroseconds / (calls * size) });
            }

            var concurrentCalls = Math.Max(singles * 2, 10_000);
            cpu = Cpu();
            var concurrent = await ConcurrentSinglesAsync(client, 64, concurrentCalls);
            rows.Add(new($"[{mode}] single Enqueue, 64 concurrent (group commit)", concurrent.PerSecond, concurrent.Latency, ">= 20,000/s", concurrent.PerSecond >= TargetBatchedPerSecond)
                { CpuMicrosPerElement = (Cpu() - cpu).TotalMicroseconds / concurrentCalls });

            var queued = (await client.InfoAsync()).Queued;
            Console.WriteLine($"  agent reports {queued:N0} queued executions (every acknowledged enqueue is in the store)");
            return rows;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static JsonObject Option(long i) => new() { ["input"] = $"out/step_{i:D8}.h5" };

    private static List<QueueElement> Elements(int count, long from) =>
        Enumerable.Range(0, count).Select(i => OdopClient.NewElement("reduce", Option(from + i))).ToList();

    private static async Task<(double PerSecond, Percentiles Latency)> SequentialSinglesAsync(OdopClient client, int calls)
    {
        var requests = Elements(calls, 1_000_000);
        var micros = new double[calls];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.EnqueueAsync(requests[i].TaskId, executionId: requests[i].ExecutionId, executionOption: Option(i));
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return (calls / total.Elapsed.TotalSeconds, Percentiles.Of(micros));
    }

    private static async Task<(double PerSecond, Percentiles Latency)> BatchesAsync(OdopClient client, int size, int calls)
    {
        var batches = Enumerable.Range(0, calls).Select(b => Elements(size, 2_000_000 + (long)b * size)).ToList();
        var micros = new double[calls];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.EnqueueBatchAsync(batches[i]);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return ((double)calls * size / total.Elapsed.TotalSeconds, Percentiles.Of(micros));
    }

    private static async Task<(double PerSecond, Percentiles Latency)> ConcurrentSinglesAsync(OdopClient client, int workers, int calls)
    {
        var requests = Elements(calls, 3_000_000);
        var micros = new double[calls];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var start = Stopwatch.GetTimestamp();
                await client.EnqueueAsync("reduce", executionId: requests[i].ExecutionId, executionOption: Option(i));
                micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        })));
        return (calls / total.Elapsed.TotalSeconds, Percentiles.Of(micros));
    }

    private static void Print(List<Row> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{"what",-55} {"enqueues/s",12} {"p50 per call",14} {"p99 per call",14} {"CPU/elem",10}   {"target",-12} result");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.What,-55} {r.PerSecond,12:N0} {Micros(r.Latency.P50),14} {Micros(r.Latency.P99),14} {Micros(r.CpuMicrosPerElement),10}   {r.Target,-12} {(r.Met ? "met" : "MISSED")}"));
        Console.WriteLine();
    }

    private static string FsyncFloor()
    {
        var path = Path.Combine(Path.GetTempPath(), $"odop-fsync-{Environment.ProcessId}.bin");
        try
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            var page = new byte[4096];
            var micros = new double[500];
            for (var i = 0; i < micros.Length; i++)
            {
                file.Write(page);
                var start = Stopwatch.GetTimestamp();
                file.Flush(flushToDisk: true);
                micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
            var p = Percentiles.Of(micros);
            return $"p50 {Micros(p.P50)}, p99 {Micros(p.P99)}";
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Micros(double us) => us >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{us / 1000:0.00} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{us:0} µs");
}
