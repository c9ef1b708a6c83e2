using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Odop.Cli.Output;
using Odop.Scheduling;
using Odop.Scheduling.Simulation;

namespace Odop.Cli.Commands;

/// <summary>
/// `odop simulate`: replays a per-core utilisation trace (recorded with `odop monitor --record`, or
/// synthetic) through the real scheduling core, faster than real time, for every policy side by side.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var trace = new Option<string?>("--trace") { Description = "A trace recorded with `odop monitor --record` (JSON lines {\"t\", \"cores\"}); default: a synthetic bursty simulation" };
        var nodes = new Option<int>("--nodes") { Description = "How many nodes replay it (each with its own seed)", DefaultValueFactory = _ => 100 };
        var executions = new Option<int>("--executions") { Description = "Side-task executions per node", DefaultValueFactory = _ => 20 };
        var cores = new Option<int>("--task-cores") { Description = "Cores each execution needs", DefaultValueFactory = _ => 1 };
        var seconds = new Option<double>("--task-seconds") { Description = "CPU seconds each execution needs per core", DefaultValueFactory = _ => 2.0 };
        var json = CommonOptions.Json();
        var command = new Command("simulate", "Compare placement policies on a utilisation trace, faster than real time") { trace, nodes, executions, cores, seconds, json };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var nodeCount = Positive(parse.GetValue(nodes), "--nodes");
            var perNode = Positive(parse.GetValue(executions), "--executions");
            var taskCores = Positive(parse.GetValue(cores), "--task-cores");
            var taskSeconds = parse.GetValue(seconds);
            if (taskSeconds is <= 0 or > 86_400) throw new ArgumentException($"--task-seconds: {taskSeconds} is outside (0, 86400]");
            var recorded = parse.GetValue(trace) is { } path ? ReadTrace(path) : null;
            var simulated = Enumerable.Range(0, nodeCount).Select(i => new SimulatedNode($"n{i:D4}",
                recorded ?? SyntheticTraces.Bursty(12, 900, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), seed: i, phaseSpread: 1)
                    .Beside(SyntheticTraces.Idle(4, 900, seed: 10_000 + i)),
                SimulatedExecution.Series($"n{i}", perNode, taskCores, TimeSpan.FromSeconds(taskSeconds), every: TimeSpan.FromSeconds(1)))).ToList();

            var rows = new JsonArray();
            var table = new Table("POLICY", "COMPLETED", "MAKESPAN", "HARVEST", "INTERFERENCE", "MOVES", "PAUSES", "DECISIONS", "REPLAY");
            foreach (var policy in Enum.GetValues<PolicyKind>())
            {
                var watch = Stopwatch.StartNew();
                var report = new TraceSimulator(new SchedulerOptions { Policy = policy }).Run(simulated, Environment.ProcessorCount);
                var elapsed = watch.Elapsed.TotalSeconds;
                var name = policy.ToString().ToLowerInvariant();
                table.Add(name, $"{report.Completed}/{report.Executions}", $"{report.Makespan.TotalSeconds:F1}s", report.HarvestShare.ToString("P1", CultureInfo.InvariantCulture),
                    report.InterferenceSamples.ToString(CultureInfo.InvariantCulture), report.Moves.ToString(CultureInfo.InvariantCulture),
                    report.Pauses.ToString(CultureInfo.InvariantCulture), report.Decisions.ToString(CultureInfo.InvariantCulture), $"{elapsed:F2}s");
                rows.Add(new JsonObject
                {
                    ["policy"] = name, ["executions"] = report.Executions, ["completed"] = report.Completed,
                    ["makespan_seconds"] = report.Makespan.TotalSeconds, ["harvested_core_seconds"] = report.HarvestedCoreSeconds,
                    ["idle_core_seconds"] = report.IdleCoreSeconds, ["harvest_share"] = report.HarvestShare,
                    ["interference_samples"] = report.InterferenceSamples, ["moves"] = report.Moves, ["pauses"] = report.Pauses,
                    ["decisions"] = report.Decisions, ["replay_seconds"] = elapsed,
                });
            }
            if (parse.GetValue(json)) Console.WriteLine(rows.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            else
            {
                Console.WriteLine($"{nodeCount} node(s), {perNode} execution(s) each of {taskCores} core(s) x {taskSeconds:0.##} s; trace: {(recorded is null ? "synthetic bursty (12 busy-phase cores + 4 idle)" : parse.GetValue(trace))}");
                Console.Write(table);
                Console.WriteLine("HARVEST: side-task CPU on capacity the simulation left / that capacity. INTERFERENCE: (core, sample) pairs where a side task sat on a core the simulation needed.");
            }
            return Task.FromResult(0);
        }).GetAwaiter().GetResult());
        return command;
    }

    private static int Positive(int value, string option) =>
        value is > 0 and <= 100_000 ? value : throw new ArgumentException($"{option}: {value} is outside 1..100000");

    private static UtilisationTrace ReadTrace(string path)
    {
        try
        {
            using var reader = File.OpenText(path);
            return TraceFile.Read(reader);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"--trace {path}: {e.Message}");
        }
    }
}
