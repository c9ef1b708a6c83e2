using System.Text.Json.Nodes;
using Odop.Core.Quantities;

namespace Odop.Core.Internal;

/// <summary>Quantities read from JSON fields (string or number), failing with the field's path.</summary>
internal static class QuantityFields
{
    private delegate QuantityFault Reader<T>(string? text, out T value);

    public static CpuQuantity? Cpu(JsonObject parent, string path, string key) =>
        Read<CpuQuantity>(parent, path, key, CpuQuantity.Read, CpuQuantity.Kind, CpuQuantity.Examples);

    public static MemoryQuantity? Memory(JsonObject parent, string path, string key) =>
        Read<MemoryQuantity>(parent, path, key, MemoryQuantity.Read, MemoryQuantity.Kind, MemoryQuantity.Examples);

    public static DurationQuantity? Duration(JsonObject parent, string path, string key) =>
        Read<DurationQuantity>(parent, path, key, DurationQuantity.Read, DurationQuantity.Kind, DurationQuantity.Examples);

    public static int? Threads(JsonObject parent, string path, string key) =>
        Read<int>(parent, path, key, ThreadCountText.Read, ThreadCountText.Kind, ThreadCountText.Examples);

    private static T? Read<T>(JsonObject parent, string path, string key, Reader<T> read, string kind, string examples)
        where T : struct
    {
        var text = JsonFields.ScalarText(parent, path, key);
        if (text is null) return null;
        var fault = read(text, out var value);
        return fault == QuantityFault.None
            ? value
            : throw new OdopValidationException(null, JsonFields.Join(path, key), QuantityText.Describe(fault, text, kind, examples));
    }
}
