using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Odop.Core.Internal;

/// <summary>
/// Typed reads from a <see cref="JsonObject"/> that fail with the JSON path of the field.
/// <c>path</c> is the path of the object being read; keys are appended as "path.key".
/// </summary>
internal static class JsonFields
{
    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    public static string KindOf(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };

    public static JsonObject RequiredObject(JsonObject parent, string path, string key) =>
        OptionalObject(parent, path, key) ?? throw Missing(path, key);

    public static JsonObject? OptionalObject(JsonObject parent, string path, string key) => parent[key] switch
    {
        null => null,
        JsonObject o => o,
        var other => throw WrongKind(path, key, "an object", other),
    };

    public static JsonArray? OptionalArray(JsonObject parent, string path, string key) => parent[key] switch
    {
        null => null,
        JsonArray a => a,
        var other => throw WrongKind(path, key, "an array", other),
    };

    public static string RequiredString(JsonObject parent, string path, string key) =>
        OptionalString(parent, path, key) ?? throw Missing(path, key);

    /// <summary>A string (non-empty unless <paramref name="allowEmpty"/>), or null when the key is absent.</summary>
    public static string? OptionalString(JsonObject parent, string path, string key, bool allowEmpty = false)
    {
        var node = parent[key];
        if (node is null) return null;
        if (node.GetValueKind() != JsonValueKind.String) throw WrongKind(path, key, "a string", node);
        var text = node.GetValue<string>();
        return text.Length > 0 || allowEmpty ? text : throw new OdopValidationException(null, Join(path, key), "must not be empty");
    }

    public static int? OptionalInt(JsonObject parent, string path, string key)
    {
        var node = parent[key];
        if (node is null) return null;
        if (node.GetValueKind() == JsonValueKind.Number
            && int.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        throw new OdopValidationException(null, Join(path, key), $"must be a whole number, not {Describe(node)}");
    }

    /// <summary>A JSON number as a double, or null when <paramref name="node"/> is not a number.</summary>
    // Read through the text: a node built in memory from a long does not convert to double itself.
    public static double? Number(JsonNode? node) =>
        node?.GetValueKind() == JsonValueKind.Number
        && double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>The text of a string or number field ("2G", 1.5), or null when absent; quantities accept both.</summary>
    public static string? ScalarText(JsonObject parent, string path, string key)
    {
        var node = parent[key];
        return node?.GetValueKind() switch
        {
            null => null,
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => node.ToJsonString(),
            _ => throw WrongKind(path, key, "a string or a number", node),
        };
    }

    public static OdopValidationException Missing(string path, string key) =>
        new(null, Join(path, key), "is required");

    public static OdopValidationException WrongKind(string path, string key, string expected, JsonNode? node) =>
        new(null, Join(path, key), $"must be {expected}, not {Describe(node)}");

    private static string Describe(JsonNode? node) =>
        node?.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
            ? $"{KindOf(node)} ({node.ToJsonString()})"
            : KindOf(node);

    /// <summary>An argv array: at least a program, every element a string.</summary>
    public static List<string> Argv(JsonArray array, string field)
    {
        if (array.Count == 0) throw new OdopValidationException(null, field, "must name a program to run");
        var argv = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i]?.GetValueKind() != JsonValueKind.String)
                throw new OdopValidationException(null, $"{field}[{i}]", $"must be a string, not {KindOf(array[i])}");
            argv.Add(array[i]!.GetValue<string>());
        }
        if (argv[0].Length == 0) throw new OdopValidationException(null, $"{field}[0]", "must not be empty");
        return argv;
    }
}
