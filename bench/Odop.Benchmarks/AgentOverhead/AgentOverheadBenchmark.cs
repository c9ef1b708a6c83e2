using System.Diagnostics;
using System.Globalization;
using Odop.Node.Proc;
using Odop.Node.Sampling;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Benchmarks.AgentOverhead;

/// <summary>
/// The agent's own cost, measured from outside: a real `odop agent` process (with its engine) watches a
/// real `mpirun -n 64` simulation at the default 100 ms period; its CPU time and memory are read from
/// /proc/&lt;pid&gt;/stat and status while it runs.
/// </summary>
internal static class AgentOverheadBenchmark
{
    /// <summary>The agent's first start-up page trim (AgentOptions.TrimStartupPagesAfter) plus a margin.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(65);

    public static int Run(string[] args)
    {
        var ranks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 64;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var root = Directory.CreateTempSubdirectory("odop-bench-agent-").FullName;
        using var engine = OdopProcesses.StartOdop("engine", "--socket", Path.Combine(root, "e.sock"), "--logs", Path.Combine(root, "logs"), "--log-level", "Warning");
        using var agent = OdopProcesses.StartOdop("agent", "--socket", Path.Combine(root, "a.sock"), "--engine", "unix:" + Path.Combine(root, "e.sock"),
            "--profiles", root, "--store", Path.Combine(root, "agent.db"), "--log-level", "Warning");
        using var simulation = OdopProcesses.Start("mpirun", "-n", ranks.ToString(CultureInfo.InvariantCulture), "--oversubscribe", "--bind-to", "none", "sleep", (seconds + 120).ToString(CultureInfo.InvariantCulture));
        try
        {
            using var channel = GrpcChannel.ForUnixSocket(Path.Combine(root, "a.sock"));
            var seen = WaitForRanks(channel, ranks);
            Console.WriteLine($"agent overhead: real `odop agent` (pid {agent.Id}) watching `mpirun -n {ranks}` ({seen} ranks reported by Monitor.Snapshot), default 100 ms period");
            Console.WriteLine($"  started as ./odop starts it ({OdopProcesses.OdopDll}, DOTNET_GCgen0size={OdopProcesses.GcGen0Size}); measured after {WarmUp.TotalSeconds:0} s, past start-up and its first page trim");
            Thread.Sleep(WarmUp);

            var ticksBefore = ProcStat.Read(agent.Id)!.CpuTicks;
            var watch = Stopwatch.StartNew();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            var ticksAfter = ProcStat.Read(agent.Id)!.CpuTicks;
            var wall = watch.Elapsed.TotalSeconds;
            // utime+stime of the whole process: exited threads included, scaled by the kernel from exact run time.
            var cpu = (ticksAfter - ticksBefore) / (double)ProcStat.TicksPerSecond;
            var status = Fields($"/proc/{agent.Id}/status");
            var rollup = Fields($"/proc/{agent.Id}/smaps_rollup");
            double Mb(Dictionary<string, long> kb, string key) => kb.GetValueOrDefault(key) / 1024.0;
            var share = cpu / wall * 100;
            var rss = Mb(status, "VmRSS");
            Console.WriteLine($"  CPU share     {share,6:0.000} % of one core over {wall:0.0} s   target <= 0.5 %   {(share <= 0.5 ? "met" : "MISSED")}");
            Console.WriteLine($"  RSS (VmRSS)   {rss,6:0.0} MB   target <= 60 MB   {(rss <= 60 ? "met" : "MISSED")}   (peak VmHWM {Mb(status, "VmHWM"):0.0} MB, during start-up)");
            Console.WriteLine($"    private heap and stacks (RssAnon) {Mb(status, "RssAnon"):0.0} MB, compiled code (RssShmem) {Mb(status, "RssShmem"):0.0} MB, " +
                $"runtime and library images (RssFile, shared) {Mb(status, "RssFile"):0.0} MB");
            Console.WriteLine($"    PSS (shared pages split among their users) {Mb(rollup, "Pss"):0.0} MB; USS (private) {Mb(rollup, "Private_Clean") + Mb(rollup, "Private_Dirty"):0.0} MB");
            var periodMs = (int)Odop.Agent.AgentOptions.DefaultSamplingPeriod.TotalMilliseconds;
            Console.WriteLine($"  sampling: per-core counters and side tasks every {periodMs} ms; memory, load and network every {Odop.Agent.Monitoring.NodeMonitor.SlowCountersEvery * periodMs} ms; " +
                $"the ranks' own CPU/RSS every {Odop.Agent.Monitoring.NodeWatcher.RankSampleEvery * periodMs / 1000.0:0.#} s; " +
                $"rank discovery every {Odop.Agent.Monitoring.NodeWatcher.RankRescanEvery * periodMs / 1000.0:0.#} s");
            Console.WriteLine($"Python ODOP reference: ~56 MB; agent RSS = {rss / 56 * 100:0} % of it");
            return 0;
        }
        finally
        {
            OdopProcesses.Kill(simulation, agent, engine);
            Directory.Delete(root, recursive: true);
        }
    }

    private static Dictionary<string, long> Fields(string path)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(':', 2);
            if (parts.Length != 2) continue;
            var value = parts[1].Trim().Split(' ')[0];
            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)) fields[parts[0]] = kb;
        }
        return fields;
    }

    private static int WaitForRanks(GrpcChannel channel, int ranks)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var seen = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var reply = channel.UnaryAsync(MonitorMethods.Snapshot, new SnapshotRequest(), CallOptions.WithTimeout(TimeSpan.FromSeconds(5))).GetAwaiter().GetResult();
                seen = MonitoringSnapshot.FromJson(reply.SnapshotJson).ProcessMonitoring.Processes.Count(p => p.Role == ProcessRole.Simulation);
                if (seen >= ranks) return seen;
            }
            catch (RpcException) { }
            Thread.Sleep(200);
        }
        throw new InvalidOperationException($"the agent reported {seen} of {ranks} ranks after 60 s");
    }
}
