using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Odop.Benchmarks.Sampler;
using Odop.Client;
using Odop.Node.Proc;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Benchmarks.Enqueue;

/// <summary>
/// Durable enqueue the way a simulation does it: a real `odop agent` process (its own runtime settings,
/// started as ./odop starts it) with its SQLite store in a temporary folder, serving gRPC on a Unix
/// socket, and a client in this process, as in a simulation's own process. No engine runs: nothing is
/// placed, so the queue only grows and the numbers are the enqueue path's alone.
/// Beside each mode, the transport floor: Archive.Status on the same agent and connection, a unary
/// call answered without the loop or the store. What an enqueue costs above it is the queue's.
/// Arguments: [single-calls] [batch-calls] [store-sync modes, default full,normal].
/// </summary>
internal static class EnqueueBenchmark
{
    private const double TargetBatchedPerSecond = 20_000;
    private const double TargetSingleP99Micros = 1_000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public static int Run(string[] args)
    {
        if (!TryCount(args, 0, 5_000, out var singles) || !TryCount(args, 1, 40, out var batchCalls)) return Usage();
        var modes = args.Length > 2 ? args[2].Split(',') : ["full", "normal"];
        if (modes.FirstOrDefault(m => m is not ("full" or "normal")) is { } bad)
        {
            Console.Error.WriteLine($"enqueue: store-sync mode '{bad}' is not full or normal");
            return Usage();
        }
        var rows = new List<Row>();
        foreach (var sync in modes)
            rows.AddRange(RunAsync(singles, batchCalls, sync).GetAwaiter().GetResult());
        Print(rows);
        Console.WriteLine($"disk floor: one 4 KiB write + fdatasync in the same folder: {FsyncFloor()}");
        Console.WriteLine("full: every acknowledged enqueue is synced (survives a power loss); normal (default): survives a killed agent, may lose the last commits on a power loss");
        Console.WriteLine("CPU/elem: CPU time per enqueued element, of the agent process and of this (client) process");
        return 0;
    }

    private static bool TryCount(string[] args, int index, int fallback, out int value)
    {
        value = fallback;
        if (args.Length <= index) return true;
        if (int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0) return true;
        Console.Error.WriteLine($"enqueue: argument {index + 1} ('{args[index]}') must be a positive whole number");
        return false;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: enqueue [single-calls, default 5000] [batch-calls, default 40] [store-sync modes, default full,normal]");
        return 2;
    }

    private sealed record Row(string What, double PerSecond, Percentiles Latency, string Target, bool? Met)
    {
        public double AgentCpuMicros { get; init; }
        public double ClientCpuMicros { get; init; }
    }

    private static Row PerElement(Row row, CpuMark before, int agentPid, long elements)
    {
        var now = CpuMark.Now(agentPid);
        return row with { AgentCpuMicros = (now.AgentMicros - before.AgentMicros) / elements, ClientCpuMicros = (now.ClientMicros - before.ClientMicros) / elements };
    }

    private static async Task<List<Row>> RunAsync(int singles, int batchCalls, string sync)
    {
        var root = Directory.CreateTempSubdirectory("odop-bench-enqueue-").FullName;
        var profiles = BenchAgent.WriteReduceProfile(root);
        var socket = Path.Combine(root, "agent.sock");
        var store = Path.Combine(root, "agent.db");
        using var agent = OdopProcesses.StartOdop("agent", "--socket", socket, "--engine", "unix:" + Path.Combine(root, "no-engine.sock"),
            "--profiles", profiles, "--store", store, "--store-sync", sync, "--log-level", "Warning");
        try
        {
            using var channel = GrpcChannel.ForUnixSocket(socket);
            using var client = new OdopClient(channel);
            await BenchAgent.WaitUntilServingAsync(client, agent, TimeSpan.FromMilliseconds(100));
            Console.WriteLine($"durable enqueue: real `odop agent` (pid {agent.Id}, {OdopProcesses.OdopDll}) on unix:{socket}, SQLite store {store} (WAL, --store-sync {sync}), client in this process");

            // Warm-up, 5 s: the connection, the page cache, the store's first pages, and this process's
            // tiered compilation, which otherwise recompiles the client's hot path during the first phase.
            var warmUp = Stopwatch.StartNew();
            for (var i = 0; warmUp.Elapsed < WarmUp; i++)
            {
                await client.EnqueueAsync("reduce", Option(i));
                await channel.UnaryAsync(ArchiveMethods.Status, new ArchiveStatusRequest());
                if (i % 1000 == 0) await client.EnqueueBatchAsync(Elements(100, 0));
            }
            await Task.Delay(500);

            var rows = new List<Row>();
            var cpu = CpuMark.Now(agent.Id);
            // With a deadline, as OdopClient sends one on every call (30 s by default).
            var floor = await SequentialAsync(singles, _ => channel.UnaryAsync(ArchiveMethods.Status, new ArchiveStatusRequest(), CallOptions.WithTimeout(TimeSpan.FromSeconds(30))));
            rows.Add(PerElement(new($"[{sync}] transport floor: Archive.Status, sequential", floor.PerSecond, floor.Latency, "", null), cpu, agent.Id, singles));

            var requests = Elements(singles, 1_000_000);
            cpu = CpuMark.Now(agent.Id);
            var single = await SequentialAsync(singles, i => client.EnqueueAsync(requests[i].TaskId, executionId: requests[i].ExecutionId, executionOption: Option(i)));
            rows.Add(PerElement(new($"[{sync}] single Enqueue, sequential", single.PerSecond, single.Latency, "p99 < 1 ms",
                single.Latency.P99 < TargetSingleP99Micros), cpu, agent.Id, singles));
            Console.WriteLine($"  [{sync}] single Enqueue latency: {Distribution(single.All)}; transport floor: {Distribution(floor.All)}");

            if (await PythonClient.SequentialSinglesAsync(socket, singles, agent.Id) is { } python)
            {
                rows.Add(new($"[{sync}] single Enqueue, sequential, Python client", python.PerSecond, Percentiles.Of(python.Micros), "p99 < 1 ms",
                    Percentiles.Of(python.Micros).P99 < TargetSingleP99Micros) { AgentCpuMicros = python.AgentCpuMicros, ClientCpuMicros = python.ClientCpuMicros });
                Console.WriteLine($"  [{sync}] single Enqueue latency, Python client: {Distribution(python.Micros)}");
            }

            foreach (var size in new[] { 100, 1000 })
            {
                var calls = size == 100 ? batchCalls * 5 : batchCalls;
                var batches = Enumerable.Range(0, calls).Select(b => Elements(size, 2_000_000 + (long)b * size)).ToList();
                cpu = CpuMark.Now(agent.Id);
                var batch = await SequentialAsync(calls, i => client.EnqueueBatchAsync(batches[i]));
                var perSecond = batch.PerSecond * size;
                rows.Add(PerElement(new($"[{sync}] EnqueueBatch x{size}, sequential", perSecond, batch.Latency, ">= 20,000/s",
                    perSecond >= TargetBatchedPerSecond), cpu, agent.Id, (long)calls * size));
            }

            var concurrentCalls = Math.Max(singles * 2, 10_000);
            cpu = CpuMark.Now(agent.Id);
            var concurrent = await ConcurrentSinglesAsync(client, 64, concurrentCalls);
            rows.Add(PerElement(new($"[{sync}] single Enqueue, 64 concurrent (group commit)", concurrent.PerSecond, concurrent.Latency, ">= 20,000/s",
                concurrent.PerSecond >= TargetBatchedPerSecond), cpu, agent.Id, concurrentCalls));

            var queued = (await client.InfoAsync()).Queued;
            Console.WriteLine($"  agent reports {queued:N0} queued executions (every acknowledged enqueue is in the store)");
            return rows;
        }
        finally
        {
            OdopProcesses.Kill(agent);
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static JsonObject Option(long i) => new() { ["input"] = $"out/step_{i:D8}.h5" };

    private static List<QueueElement> Elements(int count, long from) =>
        Enumerable.Range(0, count).Select(i => OdopClient.NewElement("reduce", Option(from + i))).ToList();

    /// <summary>Calls one after another; returns calls per second and the latency of each.</summary>
    private static async Task<(double PerSecond, Percentiles Latency, double[] All)> SequentialAsync(int calls, Func<int, Task> call)
    {
        var micros = new double[calls];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call(i);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return (calls / total.Elapsed.TotalSeconds, Percentiles.Of(micros), micros);
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
        Console.WriteLine($"{"what",-52} {"enqueues/s",11} {"p50 per call",13} {"p99 per call",13} {"CPU/elem agent",15} {"client",8}   {"target",-12} result");
        foreach (var r in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.What,-52} {r.PerSecond,11:N0} {Micros(r.Latency.P50),13} {Micros(r.Latency.P99),13} {Micros(r.AgentCpuMicros),15} {Micros(r.ClientCpuMicros),8}   {r.Target,-12} {r.Met switch { true => "met", false => "MISSED", null => "" }}"));
        Console.WriteLine();
    }

    internal static string Distribution(double[] micros)
    {
        var sorted = micros.Order().ToArray();
        string At(double q) => Micros(sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))]);
        return $"p90 {At(0.90)}, p95 {At(0.95)}, p99 {At(0.99)}, p99.9 {At(0.999)}, {sorted.Count(x => x > TargetSingleP99Micros)} of {sorted.Length} over 1 ms";
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
