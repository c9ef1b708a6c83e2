using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Core.Hardware;
using Odop.Core.Internal;

namespace Odop.Core.Messages;

/// <summary>Where an execution runs: a node and the cores it may use there.</summary>
public sealed record Placement(string? Node, CpuSet Cpus)
{
    internal JsonObject ToJson()
    {
        var json = new JsonObject();
        if (Node is not null) json["node"] = Node;
        json["cpus"] = new JsonArray([.. Cpus.Ids.Select(id => JsonValue.Create(id))]);
        return json;
    }

    /// <summary>Reads <c>{"node": "n01", "cpus": [6, 7]}</c>; cpus may also be a Linux list string ("6-7").</summary>
    internal static Placement Read(JsonObject o, string path)
    {
        var node = JsonFields.OptionalString(o, path, "node");
        var field = JsonFields.Join(path, "cpus");
        var cpus = o["cpus"] switch
        {
            null => throw JsonFields.Missing(path, "cpus"),
            JsonArray array => FromArray(array, field),
            var text when text.GetValueKind() == JsonValueKind.String => FromList(text.GetValue<string>(), field),
            var other => throw JsonFields.WrongKind(path, "cpus", "an array of CPU ids", other),
        };
        if (cpus.IsEmpty) throw new OdopValidationException(null, field, "must name at least one CPU");
        return new Placement(node, cpus);
    }

    private static CpuSet FromArray(JsonArray array, string field)
    {
        var ids = new List<int>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var number = JsonFields.Number(array[i]);
            if (number is not { } n || n != Math.Floor(n) || n < 0 || n > CpuSet.MaxCpuId)
                throw new OdopValidationException(null, $"{field}[{i}]", $"must be a CPU id from 0 to {CpuSet.MaxCpuId}, not {array[i]?.ToJsonString() ?? "null"}");
            ids.Add((int)n);
        }
        return CpuSet.Of(ids);
    }

    private static CpuSet FromList(string text, string field) =>
        CpuSet.TryParse(text, out var set, out var error) ? set : throw new OdopValidationException(null, field, error);
}
