using System.Text.Json;
using System.Text.Json.Nodes;

namespace Odop.Agent.Cluster;

/// <summary>
/// What one agent tells the others about its node: the static inventory and a few live counts.
/// Exchanged as JSON, so agents of different versions can still read what they understand.
/// </summary>
internal sealed record NodeReport(string NodeName, string AgentEndpoint, string InventoryJson, int SimulationRanks,
    int Queued, int Running, long UpdatedAtUnixMs, bool Leaving)
{
    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["node_name"] = NodeName,
        ["agent_endpoint"] = AgentEndpoint,
        ["inventory"] = JsonNode.Parse(InventoryJson),
        ["simulation_ranks"] = SimulationRanks,
        ["queued"] = Queued,
        ["running"] = Running,
        ["updated_at_unix_ms"] = UpdatedAtUnixMs,
        ["leaving"] = Leaving,
    });

    public static NodeReport? TryParse(byte[] utf8, string fallbackName)
    {
        try
        {
            var node = JsonNode.Parse(utf8);
            if (node is null) return null;
            return new NodeReport(
                node["node_name"]?.GetValue<string>() ?? fallbackName,
                node["agent_endpoint"]?.GetValue<string>() ?? "",
                node["inventory"]?.ToJsonString() ?? "{}",
                node["simulation_ranks"]?.GetValue<int>() ?? 0,
                node["queued"]?.GetValue<int>() ?? 0,
                node["running"]?.GetValue<int>() ?? 0,
                node["updated_at_unix_ms"]?.GetValue<long>() ?? 0,
                node["leaving"]?.GetValue<bool>() ?? false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null; // a peer we cannot read is shown as absent, not a crash
        }
    }
}
