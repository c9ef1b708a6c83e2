using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Odop.Core.Internal;

/// <summary>Reading JSON text with errors that point at file, line and position, and writing it for people.</summary>
internal static class JsonText
{
    // Strict JSON: comments would be lost when a profile is rewritten, and duplicate keys make
    // the file say two things at once.
    private static readonly JsonDocumentOptions ReadOptions = new() { AllowDuplicateProperties = false };

    // Files are read by people: two-space indent and no \uXXXX escapes for ordinary characters.
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject ParseObject(string text, string? file)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: ReadOptions);
        }
        catch (JsonException ex)
        {
            throw new OdopValidationException(file, FieldOf(ex.Path), "invalid JSON: " + WithoutLocation(ex.Message),
                ex.LineNumber + 1, ex.BytePositionInLine + 1, ex);
        }
        return node as JsonObject
            ?? throw new OdopValidationException(file, "", $"the document must be a JSON object, not {JsonFields.KindOf(node)}");
    }

    public static string Pretty(JsonNode node) => node.ToJsonString(WriteOptions) + "\n";

    private static string FieldOf(string? path) => path is null or "$" ? "" : path.StartsWith("$.") ? path[2..] : path;

    // System.Text.Json appends "Path: ... | LineNumber: ..." which we report in our own form.
    private static string WithoutLocation(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) message = message[..at];
        }
        return message.TrimEnd();
    }
}
