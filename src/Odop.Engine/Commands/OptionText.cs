using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Odop.Engine.Commands;

/// <summary>How execution options appear on a command line.</summary>
internal static class OptionText
{
    /// <summary>Strings as they are; numbers, booleans, arrays and objects as JSON; null as empty.</summary>
    internal static string Of(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    /// <summary>"--key=value" per option, or "--key" for a null value, in the options' order.</summary>
    internal static IEnumerable<string> AsFlags(JsonObject options) =>
        options.Select(kv => kv.Value is null ? $"--{kv.Key}" : $"--{kv.Key}={Of(kv.Value)}");

    /// <summary>
    /// Replaces {name} with values[name]. Unknown names stay as they are, so text such as awk's
    /// '{print $1}' passes through.
    /// </summary>
    internal static string Substitute(string text, IReadOnlyDictionary<string, string> values)
    {
        if (!text.Contains('{')) return text;
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            var close = open < 0 ? -1 : text.IndexOf('}', open + 1);
            if (close < 0) { sb.Append(text, i, text.Length - i); break; }
            var name = text.Substring(open + 1, close - open - 1);
            sb.Append(text, i, open - i);
            if (values.TryGetValue(name, out var value)) sb.Append(value);
            else sb.Append(text, open, close - open + 1);
            i = close + 1;
        }
        return sb.ToString();
    }
}
