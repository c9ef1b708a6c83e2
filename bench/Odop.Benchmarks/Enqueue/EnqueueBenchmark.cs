using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Odop.Agent;
using Odop.Benchmarks.Sampler;
using Odop.Client;
using Odop.Protocol;
using Odop.Protocol.V1;

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
        return RunAsync(singles, batchCalls).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int singles, int batchCalls)
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
            }, NullLoggerFactory.Instance);
            using var client = OdopClient.Connect("unix:" + agent.SocketPath);
            Console.WriteLine($"durable enqueue: real agent on unix:{agent.SocketPath}, SQLite store {store} (WAL, synchronous=FULL), client in-process");

            // Warm-up: JIT, connection, page cache.
            for (var i = 0; i < 500; i++) await client.EnqueueAsync("reduce", Option(i));
            await client.EnqueueBatchAsync(Elements(1000, 0));

            var rows = new List<(string What, double PerSecond, Percentiles Latency, string Target, bool? Met)>();

            var single = await SequentialSinglesAsync(client, singles);
            rows.Add(("single Enqueue, sequential", single.PerSecond, single.Latency, "p99 < 1 ms", single.Latency.P99 < TargetSingleP99Micros));

            foreach (var size in new[] { 100, 1000 })
            {
                var batch = await BatchesAsync(client, size, size == 100 ? batchCalls * 5 : batchCalls);
                rows.Add(($"EnqueueBatch x{size}, sequential", batch.PerSecond, batch.Latency, ">= 20,000/s", batch.PerSecond >= TargetBatchedPerSecond));
            }

            var concurrent = await ConcurrentSinglesAsync(client, 64, Math.Max(singles * 2, 10_000));
            rows.Add(("single Enqueue, 64 concurrent (group commit)", concurrent.PerSecond, concurrent.Latency, ">= 20,000/s", concurrent.PerSecond >= TargetBatchedPerSecond));

            Print(rows);
            var queued = (await client.InfoAsync()).Queued;
            Console.WriteLine($"agent reports {queued:N0} queued executions (every acknowledged enqueue is in the store)");
            return 0;
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

    private static void Print(List<(string What, double PerSecond, Percentiles Latency, string Target, bool? Met)> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{"what",-46} {"enqueues/s",12} {"p50 per call",14} {"p99 per call",14}   {"target",-12} result");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.What,-46} {r.PerSecond,12:N0} {Micros(r.Latency.P50),14} {Micros(r.Latency.P99),14}   {r.Target,-12} {(r.Met is true ? "met" : "MISSED")}"));
        Console.WriteLine();
    }

    private static string Micros(double us) => us >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{us / 1000:0.00} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{us:0} µs");
}
