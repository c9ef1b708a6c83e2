using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Odop.Cli.Output;
using Odop.Client;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>`odop status`: every node the agent knows (all of them when agents run as one MPI job).</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("status", "Show the nodes the agent knows: CPUs, memory, simulation ranks, queued and running side tasks") { agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var channel = CliClient.Open(parse, agent);
            var reply = await channel.UnaryAsync(MonitorMethods.Status, new StatusRequest(), CallOptions.WithTimeout(TimeSpan.FromSeconds(30), ct));
            if (parse.GetValue(json))
            {
                Console.WriteLine(ExecutionFormat.ToJson(reply));
                return 0;
            }
            var table = new Table("NODE", "RANK", "CPUS", "USABLE", "MEMORY", "SIM RANKS", "QUEUED", "RUNNING", "AGENT");
            foreach (var node in reply.Nodes)
            {
                var inventory = JsonNode.Parse(node.InventoryJson);
                table.Add(node.NodeName + (node.IsSelf ? " *" : ""), node.WorldRank.ToString(CultureInfo.InvariantCulture),
                    inventory?["logical_cpus"]?.ToJsonString() ?? "-", inventory?["usable_cpus"]?.GetValue<string>() ?? "-",
                    ExecutionFormat.Bytes(inventory?["memory_total_bytes"]?.GetValue<long>() ?? 0),
                    node.SimulationRanks.ToString(CultureInfo.InvariantCulture), node.Queued.ToString(CultureInfo.InvariantCulture),
                    node.Running.ToString(CultureInfo.InvariantCulture), node.AgentEndpoint);
            }
            Console.Write(table);
            return 0;
        }));
        return command;
    }
}
