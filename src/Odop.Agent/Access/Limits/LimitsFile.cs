using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Core;
using Odop.Core.Quantities;

namespace Odop.Agent.Access.Limits;

/// <summary>
/// A limits file (JSON: no YAML library is available to Odop): <c>{"rules": [{...}, ...]}</c>. Reading it checks
/// everything: a syntax error names its line and position, an unknown or mistyped field its path.
/// </summary>
public sealed class LimitsFile
{
    private static readonly string[] RuleFields =
        ["users", "tasks", "allow", "allowed_tasks", "allowed_users", "max_concurrent", "max_cores", "window", "max_time", "comment"];

    private LimitsFile(string path, IReadOnlyList<LimitRule> rules)
    {
        Path = path;
        Rules = rules;
    }

    /// <summary>The file as given (used to name a refusing rule).</summary>
    public string Path { get; }

    public IReadOnlyList<LimitRule> Rules { get; }

    public static LimitsFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OdopValidationException(path, "", $"cannot read the limits file: {e.Message}", e);
        }
        return Parse(text, path);
    }

    public static LimitsFile Parse(string text, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new OdopValidationException(path, "", Reason(e), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1, e);
        }
        if (root is not JsonObject document) throw new OdopValidationException(path, "", "must be a JSON object {\"rules\": [...]}");
        foreach (var (key, _) in document)
            if (key != "rules") throw new OdopValidationException(path, key, "unknown field (known: rules)");
        if (document["rules"] is not JsonArray rules) throw new OdopValidationException(path, "rules", "missing, or not an array of rules");

        var parsed = new List<LimitRule>();
        for (var i = 0; i < rules.Count; i++) parsed.Add(ReadRule(rules[i], i, path));
        return new LimitsFile(path, parsed);
    }

    private static LimitRule ReadRule(JsonNode? node, int index, string path)
    {
        var at = $"rules[{index}]";
        if (node is not JsonObject o) throw new OdopValidationException(path, at, "must be an object");
        foreach (var (key, _) in o)
            if (!RuleFields.Contains(key)) throw new OdopValidationException(path, $"{at}.{key}", $"unknown field (known: {string.Join(", ", RuleFields)})");

        var rule = new LimitRule(index)
        {
            Users = Names(o, "users", at, path),
            Tasks = Names(o, "tasks", at, path),
            Allow = o["allow"] is null ? null : Value<bool>(o, "allow", at, path, "true or false"),
            AllowedTasks = Names(o, "allowed_tasks", at, path),
            AllowedUsers = Names(o, "allowed_users", at, path),
            MaxConcurrent = o["max_concurrent"] is null ? null : Positive(Value<int>(o, "max_concurrent", at, path, "a whole number"), "max_concurrent", at, path),
            MaxCores = o["max_cores"] is null ? null : Positive(Value<double>(o, "max_cores", at, path, "a number of cores"), "max_cores", at, path),
            Window = o["window"] is null ? null : Window(Value<string>(o, "window", at, path, "\"HH:MM-HH:MM\""), at, path),
            MaxTime = o["max_time"] is null ? null : Duration(Value<string>(o, "max_time", at, path, "a duration such as \"2h\""), at, path),
        };
        if (rule.Allow is null && rule.AllowedTasks is null && rule.AllowedUsers is null && rule.MaxConcurrent is null
            && rule.MaxCores is null && rule.Window is null && rule.MaxTime is null)
            throw new OdopValidationException(path, at, "sets no limit (one of allow, allowed_tasks, allowed_users, max_concurrent, max_cores, window, max_time)");
        return rule;
    }

    private static IReadOnlySet<string>? Names(JsonObject o, string key, string at, string path)
    {
        if (o[key] is null) return null;
        if (o[key] is not JsonArray array || array.Count == 0)
            throw new OdopValidationException(path, $"{at}.{key}", "must be a non-empty array of names (\"*\": everyone)");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
            names.Add(array[i] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
                ? s
                : throw new OdopValidationException(path, $"{at}.{key}[{i}]", "must be a name (a non-empty string)"));
        return names;
    }

    private static T Value<T>(JsonObject o, string key, string at, string path, string expected) =>
        o[key] is JsonValue v && v.TryGetValue<T>(out var value) && value is not null
            ? value
            : throw new OdopValidationException(path, $"{at}.{key}", $"must be {expected}, not {o[key]!.ToJsonString()}");

    private static T Positive<T>(T value, string key, string at, string path) where T : IComparable<T> =>
        value.CompareTo(default!) > 0 ? value : throw new OdopValidationException(path, $"{at}.{key}", $"must be more than 0, not {value}");

    private static TimeWindow Window(string text, string at, string path)
    {
        var parts = text.Split('-');
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0].Trim(), "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            && TimeOnly.TryParseExact(parts[1].Trim(), "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to)
            && from != to)
            return new TimeWindow(from, to);
        throw new OdopValidationException(path, $"{at}.window", $"'{text}' is not a daily window \"HH:MM-HH:MM\" (e.g. \"22:00-06:00\")");
    }

    private static TimeSpan Duration(string text, string at, string path)
    {
        try { return DurationQuantity.Parse(text, $"{at}.max_time").Value; }
        catch (OdopValidationException e) { throw new OdopValidationException(path, $"{at}.max_time", e.Problem); }
    }

    /// <summary>System.Text.Json's message without its own "Path: … | LineNumber: …" tail (we say the line ourselves).</summary>
    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }
}
