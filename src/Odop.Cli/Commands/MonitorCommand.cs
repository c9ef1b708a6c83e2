using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Odop.Client;
using Odop.Node.Sampling;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>`odop monitor`: a live per-core view (simulation vs side-task share), JSON for scripts, or a recorded trace.</summary>
internal static class MonitorCommand
{
    public static Command Create()
    {
        var agent = CommonOptions.Agent();
        var json = new Option<bool>("--json") { Description = "Print snapshots as JSON lines (DESIGN.md's monitoring format) instead of a view" };
        var count = new Option<int>("--count") { Description = "Stop after this many snapshots (0: until Ctrl-C; with --json and no --count, one)", DefaultValueFactory = _ => 0 };
        var period = new Option<int>("--period-ms") { Description = "Refresh period in milliseconds", DefaultValueFactory = _ => 1000 };
        var record = new Option<string?>("--record") { Description = "Append per-core utilisation as JSON lines {\"t\": seconds, \"cores\": [...]} to this file (a trace for the simulator)" };
        var command = new Command("monitor", "Watch the node: per-core usage split into simulation, side tasks and other") { agent, json, count, period, record };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            var asJson = parse.GetValue(json);
            var limit = parse.GetValue(count);
            if (asJson && limit == 0 && parse.GetValue(record) is null) limit = 1;
            var periodMs = parse.GetValue(period);
            if (periodMs is < 10 or > 3_600_000) throw new ArgumentException($"--period-ms: {periodMs} is outside 10..3600000");
            using var channel = CliClient.Open(parse, agent);
            using var trace = parse.GetValue(record) is { } path ? new StreamWriter(path, append: true) : null;
            var seen = 0;
            DateTimeOffset? first = null;
            try
            {
                await foreach (var reply in channel.ServerStreamingAsync(MonitorMethods.Stream, new StreamRequest { PeriodMs = (uint)periodMs },
                    new CallOptions(CancellationToken: ct)))
                {
                    var snapshot = MonitoringSnapshot.FromJson(reply.SnapshotJson);
                    first ??= snapshot.Timestamp;
                    if (trace is not null) await trace.WriteLineAsync(TraceLine(snapshot, first.Value));
                    if (asJson) Console.WriteLine(reply.SnapshotJson);
                    else if (trace is null || limit == 0) Console.Write((Console.IsOutputRedirected ? "" : "\u001b[H\u001b[2J") + View(snapshot));
                    if (limit > 0 && ++seen >= limit) break;
                }
            }
            catch (RpcException e) when (e.Status == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
            }
            return 0;
        }));
        return command;
    }

    private static string TraceLine(MonitoringSnapshot snapshot, DateTimeOffset first)
    {
        var cores = new JsonArray();
        foreach (var core in snapshot.SystemMonitoring.Cpu.Cores) cores.Add(Math.Round(core.Usage, 4));
        return new JsonObject { ["t"] = Math.Round((snapshot.Timestamp - first).TotalSeconds, 3), ["cores"] = cores }.ToJsonString();
    }

    internal static string View(MonitoringSnapshot snapshot)
    {
        var sb = new StringBuilder();
        var cpu = snapshot.SystemMonitoring.Cpu;
        sb.AppendLine(CultureInfo.InvariantCulture, $"{snapshot.Timestamp.ToLocalTime():HH:mm:ss}  node CPU {cpu.Usage:P0}   memory available {Bytes(snapshot.SystemMonitoring.Memory.AvailableBytes)} of {Bytes(snapshot.SystemMonitoring.Memory.TotalBytes)}");
        sb.AppendLine("CORE  USAGE  [S=simulation T=side task .=other]          SIM   TASK  OTHER");
        foreach (var core in cpu.Cores)
        {
            const int width = 40;
            var s = (int)Math.Round(core.Simulation * width);
            var t = (int)Math.Round(core.SideTask * width);
            var o = Math.Max(0, (int)Math.Round(core.Usage * width) - s - t);
            var bar = new string('S', s) + new string('T', t) + new string('.', o);
            sb.AppendLine(CultureInfo.InvariantCulture, $"{core.Id,4}  {core.Usage,5:P0}  [{bar.PadRight(width)[..width]}]  {core.Simulation,4:P0}  {core.SideTask,4:P0}  {core.Other,4:P0}");
        }
        sb.AppendLine("PID      ROLE        RANK  CPU    RSS       THREADS  ALLOWED  LAST  MPI WAIT");
        foreach (var p in snapshot.ProcessMonitoring.Processes)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{p.Pid,-8} {p.Role,-11} {(p.Rank?.ToString(CultureInfo.InvariantCulture) ?? "-"),4}  {p.Cpu ?? 0,5:P0}  {Bytes(p.Rss),-8}  {p.Threads,7}  {Odop.Core.Hardware.CpuSet.Of(p.AllowedCpus ?? []),-7}  {p.LastCpu,4}  {(p.MpiWait is { } wait ? wait.ToString("P0", CultureInfo.InvariantCulture) : "-"),8}");
        return sb.ToString();
    }

    private static string Bytes(long bytes) => Output.ExecutionFormat.Bytes(bytes);
}
