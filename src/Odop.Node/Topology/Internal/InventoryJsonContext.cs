using System.Text.Json.Serialization;

namespace Odop.Node.Topology.Internal;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(NodeInventory))]
internal sealed partial class InventoryJsonContext : JsonSerializerContext;
