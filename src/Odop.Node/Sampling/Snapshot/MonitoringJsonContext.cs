using System.Text.Json.Serialization;

namespace Odop.Node.Sampling;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MonitoringSnapshot))]
internal sealed partial class MonitoringJsonContext : JsonSerializerContext;
