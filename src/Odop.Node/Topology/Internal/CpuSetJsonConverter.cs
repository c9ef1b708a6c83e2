using System.Text.Json;
using System.Text.Json.Serialization;
using Odop.Core.Hardware;

namespace Odop.Node.Topology.Internal;

/// <summary>
/// Writes a <see cref="CpuSet"/> as its Linux list string ("0-63" stays short on big nodes); reads
/// that string or a plain array of ids.
/// </summary>
internal sealed class CpuSetJsonConverter : JsonConverter<CpuSet>
{
    public override CpuSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            return CpuSet.TryParse(text, out var set, out var error) ? set : throw new JsonException(error);
        }
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("a CPU set is a list string or an array of ids");
        var ids = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) ids.Add(reader.GetInt32());
        return CpuSet.Of(ids);
    }

    public override void Write(Utf8JsonWriter writer, CpuSet value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
