using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Cli.Output;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>What `odop run` prints at the end: the simulation's outcome and every side task's.</summary>
internal sealed class RunSummary(IReadOnlyList<string> simulation, int simulationExit, double simulationSeconds, double totalSeconds,
    IReadOnlyList<Execution> executions, string profilesDirectory)
{
    public bool AllSucceeded => executions.All(e => e.State is ExecutionState.Succeeded or ExecutionState.Skipped or ExecutionState.Stopped);

    private IEnumerable<(string State, int Count)> Counts() =>
        executions.GroupBy(e => ExecutionFormat.State(e.State)).Select(g => (g.Key, g.Count())).OrderBy(c => c.Key, StringComparer.Ordinal);

    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"simulation: {string.Join(' ', simulation)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  exit code {simulationExit}, {simulationSeconds:0.0}s; with side tasks drained {totalSeconds:0.0}s");
        sb.AppendLine(CultureInfo.InvariantCulture, $"side tasks: {executions.Count} ({string.Join(", ", Counts().Select(c => $"{c.Count} {c.State}"))})");
        var cpu = executions.Sum(e => e.Usage?.CpuSeconds ?? 0);
        sb.AppendLine(CultureInfo.InvariantCulture, $"  side-task CPU time {cpu:0.00}s");
        if (executions.Count > 0)
        {
            var table = ExecutionFormat.NewTable();
            foreach (var e in executions) ExecutionFormat.AddRow(table, e);
            sb.Append(table);
        }
        var tasks = executions.Where(e => e.State == ExecutionState.Succeeded).Select(e => e.TaskName).Distinct().Order(StringComparer.Ordinal).ToList();
        if (tasks.Count > 0) sb.AppendLine(CultureInfo.InvariantCulture, $"profiles updated with measured usage: {string.Join(", ", tasks)} (in {profilesDirectory})");
        return sb.ToString();
    }

    public string ToJson()
    {
        var list = new JsonArray();
        foreach (var e in executions) list.Add(JsonNode.Parse(ExecutionFormat.ToJson(e)));
        var counts = new JsonObject();
        foreach (var (state, count) in Counts()) counts[state] = count;
        var root = new JsonObject
        {
            ["simulation"] = new JsonObject
            {
                ["command"] = new JsonArray(simulation.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                ["exit_code"] = simulationExit,
                ["wall_seconds"] = Math.Round(simulationSeconds, 3),
            },
            ["total_wall_seconds"] = Math.Round(totalSeconds, 3),
            ["counts"] = counts,
            ["executions"] = list,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
