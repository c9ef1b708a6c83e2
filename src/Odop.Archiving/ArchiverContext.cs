using System.Text.Json.Nodes;
using Odop.Core;
using Odop.Core.Quantities;

namespace Odop.Archiving;

/// <summary>
/// What a factory gets to build one archiver: its settings and helpers that read the entry's own fields with
/// errors naming the file and field. Fields a factory does not read are reported as unknown.
/// </summary>
public sealed class ArchiverContext
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public ArchiverContext(ArchiverSettings settings, string? file)
    {
        Settings = settings;
        File = file;
        BaseDirectory = file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(file))!;
    }

    public ArchiverSettings Settings { get; }

    /// <summary>The configuration file, when there is one.</summary>
    public string? File { get; }

    /// <summary>Relative paths in the entry are relative to the configuration file's folder.</summary>
    public string BaseDirectory { get; }

    public string RequiredString(string key) =>
        OptionalString(key) ?? throw Error(key, "is required");

    public string? OptionalString(string key)
    {
        _read.Add(key);
        return Settings.Options[key] switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => s,
            var other => throw Error(key, $"must be a non-empty string, not {other.ToJsonString()}"),
        };
    }

    /// <summary>The field as written (null when absent), for types with structured fields of their own.</summary>
    public JsonNode? Raw(string key)
    {
        _read.Add(key);
        return Settings.Options[key];
    }

    /// <summary>A path, made absolute against <see cref="BaseDirectory"/>.</summary>
    public string RequiredPath(string key) => Path.GetFullPath(RequiredString(key), BaseDirectory);

    public TimeSpan Duration(string key, TimeSpan fallback)
    {
        var text = OptionalString(key);
        if (text is null) return fallback;
        try { return DurationQuantity.Parse(text, Field(key)).Value; }
        catch (OdopValidationException e) { throw new OdopValidationException(File, e.Field, e.Problem); }
    }

    public OdopValidationException Error(string key, string problem) => new(File, Field(key), problem);

    internal IEnumerable<string> Unread(IEnumerable<string> common) =>
        Settings.Options.Select(p => p.Key).Where(k => !_read.Contains(k) && !common.Contains(k));

    private string Field(string key) => Settings.Field.Length == 0 ? key : Settings.Field + "." + key;
}
