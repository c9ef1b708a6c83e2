using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Core;
using Odop.Core.Quantities;

namespace Odop.Archiving;

/// <summary>
/// The archivers file (`odop agent --archivers FILE`), JSON:
/// <code>
/// {"backlog": "archive-backlog.db",
///  "archivers": [{"name": "jsonl", "type": "jsonl", "path": "results.jsonl"},
///                {"type": "http", "url": "http://127.0.0.1:8080/results", "timeout": "5s",
///                 "retries": {"max": 10, "backoff": "1s", "max_backoff": "1m"}, "ttl": "24h"}]}
/// </code>
/// Every archiver takes name (default: its type), type, timeout, retries and ttl; the rest is its type's own.
/// Relative paths are relative to the file's folder. Loading builds the archivers, so a type's own fields are
/// checked too; every error names the file and the field.
/// </summary>
public sealed class ArchiveConfig
{
    internal static readonly string[] CommonKeys = ["name", "type", "timeout", "retries", "ttl"];
    private static readonly string[] RetryKeys = ["max", "backoff", "max_backoff"];

    private ArchiveConfig(string? file, string? backlogPath, IReadOnlyList<ConfiguredArchiver> archivers)
    {
        File = file;
        BacklogPath = backlogPath;
        Archivers = archivers;
    }

    public string? File { get; }

    /// <summary>Where undelivered records wait (an SQLite file); null: next to the agent's store, or in memory without one.</summary>
    public string? BacklogPath { get; }

    public IReadOnlyList<ConfiguredArchiver> Archivers { get; }

    public static ArchiveConfig Load(string path, ArchiverRegistry registry)
    {
        string text;
        try { text = System.IO.File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OdopValidationException(path, "", "cannot read the archivers file: " + e.Message, e);
        }
        return Parse(text, path, registry);
    }

    public static ArchiveConfig Parse(string text, string? file, ArchiverRegistry registry)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }); }
        catch (JsonException e)
        {
            var message = e.Message.Split(" Path:")[0].Split(" LineNumber:")[0];
            throw new OdopValidationException(file, "", "invalid JSON: " + message, e.LineNumber + 1, e.BytePositionInLine + 1, e);
        }
        if (node is not JsonObject root) throw new OdopValidationException(file, "", "the document must be a JSON object with an \"archivers\" list");
        foreach (var (key, _) in root)
            if (key is not ("archivers" or "backlog")) throw new OdopValidationException(file, key, "unknown field (known: archivers, backlog)");
        var backlog = root["backlog"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => Path.GetFullPath(s, BaseDirectory(file)),
            var other => throw new OdopValidationException(file, "backlog", $"must be a file path, not {other.ToJsonString()}"),
        };
        if (root["archivers"] is not JsonArray list)
            throw new OdopValidationException(file, "archivers", root["archivers"] is null ? "is required: a list of archivers" : "must be a list of archivers");

        var archivers = new List<ConfiguredArchiver>();
        try
        {
            for (var i = 0; i < list.Count; i++)
            {
                var settings = ReadSettings(list[i], $"archivers[{i}]", file);
                if (archivers.Any(a => a.Settings.Name == settings.Name))
                    throw new OdopValidationException(file, $"archivers[{i}].name", $"'{settings.Name}' is used twice; give each archiver its own name");
                archivers.Add(new ConfiguredArchiver(settings, registry.Create(settings, file)));
            }
        }
        catch
        {
            foreach (var a in archivers) (a.Archiver as IDisposable)?.Dispose();
            throw;
        }
        return new ArchiveConfig(file, backlog, archivers);
    }

    private static ArchiverSettings ReadSettings(JsonNode? node, string field, string? file)
    {
        if (node is not JsonObject o) throw new OdopValidationException(file, field, "must be an object with at least a \"type\"");
        var type = Text(o, "type", field, file) ?? throw new OdopValidationException(file, field + ".type", "is required");
        var retries = o["retries"] switch
        {
            null => new RetryPolicy(),
            JsonObject r => ReadRetries(r, field + ".retries", file),
            var other => throw new OdopValidationException(file, field + ".retries", $"must be an object {{\"max\", \"backoff\", \"max_backoff\"}}, not {other.ToJsonString()}"),
        };
        var defaults = new ArchiverSettings { Name = "", Type = "" };
        return new ArchiverSettings
        {
            Name = Text(o, "name", field, file) ?? type,
            Type = type,
            Timeout = Duration(o, "timeout", field, file, positive: true) ?? defaults.Timeout,
            Retries = retries,
            Ttl = Duration(o, "ttl", field, file, positive: true) ?? defaults.Ttl,
            Options = o,
            Field = field,
        };
    }

    private static RetryPolicy ReadRetries(JsonObject r, string field, string? file)
    {
        foreach (var (key, _) in r)
            if (!RetryKeys.Contains(key)) throw new OdopValidationException(file, field + "." + key, "unknown field (known: max, backoff, max_backoff)");
        int? max = r["max"] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<int>(out var n) && n >= 1 => n,
            var other => throw new OdopValidationException(file, field + ".max", $"must be a whole number of attempts, 1 or more, not {other.ToJsonString()}"),
        };
        var policy = new RetryPolicy();
        var backoff = Duration(r, "backoff", field, file, positive: true) ?? policy.Backoff;
        var maxBackoff = Duration(r, "max_backoff", field, file, positive: true) ?? TimeSpan.FromTicks(Math.Max(policy.MaxBackoff.Ticks, backoff.Ticks));
        if (maxBackoff < backoff)
            throw new OdopValidationException(file, field + ".max_backoff", $"{new DurationQuantity(maxBackoff)} is shorter than backoff {new DurationQuantity(backoff)}");
        return new RetryPolicy { MaxAttempts = max, Backoff = backoff, MaxBackoff = maxBackoff };
    }

    private static string? Text(JsonObject o, string key, string field, string? file) => o[key] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) && s.Trim().Length > 0 => s.Trim(),
        var other => throw new OdopValidationException(file, field + "." + key, $"must be a non-empty string, not {other.ToJsonString()}"),
    };

    private static TimeSpan? Duration(JsonObject o, string key, string field, string? file, bool positive)
    {
        var text = Text(o, key, field, file);
        if (text is null) return null;
        TimeSpan value;
        try { value = DurationQuantity.Parse(text, field + "." + key).Value; }
        catch (OdopValidationException e) { throw new OdopValidationException(file, e.Field, e.Problem); }
        if (positive && value <= TimeSpan.Zero) throw new OdopValidationException(file, field + "." + key, "must be longer than 0");
        return value;
    }

    private static string BaseDirectory(string? file) =>
        file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(file))!;
}

/// <summary>One configured archiver: its settings and the archiver built from them.</summary>
public sealed record ConfiguredArchiver(ArchiverSettings Settings, IResultArchiver Archiver);
