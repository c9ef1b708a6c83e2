using System.Diagnostics;
using System.Globalization;
using Odop.Benchmarks.Sampler;
using Odop.Client;
using Odop.Node.Proc;
using Odop.Protocol;

namespace Odop.Benchmarks.Startup;

/// <summary>
/// What odop costs each time it starts, ReadyToRun (as build.sh leaves it behind ./odop) against the
/// IL-only build beside this benchmark, side by side in one run: a CLI call, an `odop enqueue` into a
/// running agent (how a job script hands over a result), and an agent from launch to its first answer.
/// CPU is every thread's user and system time (the children's getrusage, or /proc for the agent);
/// the two builds alternate round by round, so drift of the machine falls on both.
/// Arguments: [rounds, default 10].
/// </summary>
internal static class StartupBenchmark
{
    public static int Run(string[] args)
    {
        var rounds = 10;
        if (args.Length > 0 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out rounds) || rounds < 1))
        {
            Console.Error.WriteLine($"startup: rounds ('{args[0]}') must be a positive whole number");
            return 2;
        }
        var il = Path.Combine(AppContext.BaseDirectory, "odop.dll");
        var readyToRun = OdopProcesses.OdopDll;
        if (readyToRun == il)
        {
            Console.Error.WriteLine("startup: no ReadyToRun build of odop found; run ./build.sh first");
            return 1;
        }
        Console.WriteLine($"odop start-up: ReadyToRun {readyToRun}");
        Console.WriteLine($"           against IL only {il}; {rounds} rounds, alternating");

        var root = Directory.CreateTempSubdirectory("odop-bench-startup-").FullName;
        try
        {
            var profiles = BenchAgent.WriteReduceProfile(root);

            var rows = new List<(string What, Runs ReadyToRun, Runs Il)>
            {
                Compare("odop --version", rounds, readyToRun, il, dll => Child(dll, "--version")),
            };

            // One agent (ReadyToRun) serves both builds' enqueues; no engine, so nothing is placed.
            var socket = Path.Combine(root, "agent.sock");
            using (var agent = OdopProcesses.Start("dotnet", readyToRun, "agent", "--socket", socket, "--engine", "unix:" + Path.Combine(root, "none.sock"),
                       "--profiles", profiles, "--store", Path.Combine(root, "agent.db"), "--log-level", "Warning"))
            {
                try
                {
                    WaitUntilServing(socket, agent);
                    rows.Add(Compare("odop enqueue (into a running agent)", rounds, readyToRun, il,
                        dll => Child(dll, "enqueue", "reduce", "--agent", "unix:" + socket, "-o", "input=out/step.h5")));
                }
                finally
                {
                    OdopProcesses.Kill(agent);
                }
            }

            var n = 0;
            rows.Add(Compare("odop agent, launch to first answer", rounds, readyToRun, il, dll =>
            {
                var folder = Directory.CreateDirectory(Path.Combine(root, $"agent-{n++}")).FullName;
                var wall = Stopwatch.StartNew();
                using var agent = OdopProcesses.Start("dotnet", dll, "agent", "--socket", Path.Combine(folder, "a.sock"),
                    "--engine", "unix:" + Path.Combine(folder, "none.sock"), "--profiles", profiles, "--store", Path.Combine(folder, "agent.db"), "--log-level", "Warning");
                try
                {
                    WaitUntilServing(Path.Combine(folder, "a.sock"), agent);
                    var seconds = wall.Elapsed.TotalSeconds;
                    return (ProcStat.Read(agent.Id)!.CpuTicks / (double)ProcStat.TicksPerSecond, seconds);
                }
                finally
                {
                    OdopProcesses.Kill(agent);
                }
            }));

            Console.WriteLine();
            Console.WriteLine($"{"what",-38} {"CPU ReadyToRun",15} {"CPU IL",10} {"ratio",7} {"wall ReadyToRun",16} {"wall IL",10} {"ratio",7}");
            foreach (var (what, r2r, plain) in rows)
                Console.WriteLine($"{what,-38} {Ms(r2r.CpuMedian),15} {Ms(plain.CpuMedian),10} {r2r.CpuMedian / plain.CpuMedian,7:0.00} " +
                                  $"{Ms(r2r.WallMedian),16} {Ms(plain.WallMedian),10} {r2r.WallMedian / plain.WallMedian,7:0.00}");
            Console.WriteLine("medians over the rounds; CPU is user + system time of the odop process, all threads");
            return 0;
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private sealed record Runs(double CpuMedian, double WallMedian);

    private static (string, Runs, Runs) Compare(string what, int rounds, string readyToRun, string il, Func<string, (double Cpu, double Wall)> measure)
    {
        measure(readyToRun); // the page cache and the agent's first connection, for neither build's benefit
        measure(il);
        var r2r = new List<(double Cpu, double Wall)>();
        var plain = new List<(double Cpu, double Wall)>();
        for (var i = 0; i < rounds; i++)
        {
            // Which goes first alternates, so a trend in the machine's speed does not favour one.
            if (i % 2 == 0) { r2r.Add(measure(readyToRun)); plain.Add(measure(il)); }
            else { plain.Add(measure(il)); r2r.Add(measure(readyToRun)); }
        }
        Console.WriteLine($"  {what}: done");
        return (what, Summarize(r2r), Summarize(plain));
    }

    private static Runs Summarize(List<(double Cpu, double Wall)> runs) =>
        new(Percentiles.Of([.. runs.Select(r => r.Cpu)]).P50, Percentiles.Of([.. runs.Select(r => r.Wall)]).P50);

    /// <summary>Runs odop to its exit; returns its CPU seconds (all threads, from getrusage) and wall seconds.</summary>
    private static (double Cpu, double Wall) Child(string dll, params string[] args)
    {
        var before = ChildrenUsage.CpuSeconds();
        var wall = Stopwatch.StartNew();
        using var process = OdopProcesses.Start("dotnet", [dll, .. args]);
        process.WaitForExit();
        var seconds = wall.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"odop {string.Join(' ', args)} exited {process.ExitCode}");
        return (ChildrenUsage.CpuSeconds() - before, seconds);
    }

    private static void WaitUntilServing(string socket, Process agent)
    {
        using var channel = GrpcChannel.ForUnixSocket(socket);
        using var client = new OdopClient(channel);
        BenchAgent.WaitUntilServingAsync(client, agent, TimeSpan.FromMilliseconds(10)).GetAwaiter().GetResult();
    }

    private static string Ms(double seconds) => $"{seconds * 1000:0} ms";
}
