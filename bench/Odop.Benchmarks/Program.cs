using Odop.Benchmarks.Sampler;
using Odop.Benchmarks.Scheduling;

namespace Odop.Benchmarks;

/// <summary>
/// Runs one named benchmark: <c>dotnet run -c Release --project bench/Odop.Benchmarks -- &lt;name&gt; [args]</c>.
/// A new benchmark adds one line to <see cref="Benchmarks"/> and its own folder.
/// </summary>
internal static class Program
{
    private static readonly (string Name, string Summary, Func<string[], int> Run)[] Benchmarks =
    [
        ("sampler", "cost of one /proc sample over 64 processes; agent CPU share and RSS at 100 ms", SamplerBenchmark.Run),
        ("agent", "a real odop agent watching a real mpirun -n 64: its CPU share and RSS [ranks] [seconds]", AgentOverhead.AgentOverheadBenchmark.Run),
        ("decide", "odop scheduler decision latency: 128 cores, 10,000 queued executions", DecideBenchmark.Run),
        ("enqueue", "durable enqueue over gRPC on a Unix socket into a real agent and SQLite store: single and batched [singles] [batch-calls]", Enqueue.EnqueueBenchmark.Run),
        ("startup", "odop ReadyToRun (as ./odop runs it) against IL only, side by side: a CLI call, an odop enqueue, an agent's start [rounds]", Startup.StartupBenchmark.Run),
        ("micro", "BenchmarkDotNet, short job: one sample, one decision with 10,000 queued, one enqueue round trip [BenchmarkDotNet args]", Micro.MicroBenchmarks.Run),
    ];

    private static int Main(string[] args)
    {
        var chosen = args.Length > 0 ? Array.Find(Benchmarks, b => b.Name == args[0]) : default;
        if (chosen.Run is null)
        {
            Console.Error.WriteLine("usage: Odop.Benchmarks <benchmark> [args]");
            foreach (var b in Benchmarks) Console.Error.WriteLine($"  {b.Name,-10} {b.Summary}");
            return args.Length == 0 ? 0 : 2;
        }
        return chosen.Run(args[1..]);
    }
}
