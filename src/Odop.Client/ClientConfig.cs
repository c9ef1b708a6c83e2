using System.Text.Json;
using System.Text.Json.Nodes;

namespace Odop.Client;

/// <summary>
/// Saved client settings (<c>odop config set endpoint|token</c>): <c>$XDG_CONFIG_HOME/odop/config.json</c>, else
/// <c>~/.config/odop/config.json</c>; written with mode 0600 since it may hold a token.
/// </summary>
public sealed record ClientConfig(string? Endpoint, string? Token)
{
    public static readonly IReadOnlyList<string> Keys = ["endpoint", "token"];

    public static string DefaultPath()
    {
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(config)) config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "odop", "config.json");
    }

    /// <summary>The saved settings; empty when there is no file. A file that is not a JSON object is an error naming it.</summary>
    public static ClientConfig Load(string? path = null)
    {
        path ??= DefaultPath();
        if (!File.Exists(path)) return new ClientConfig(null, null);
        var o = Read(path);
        return new ClientConfig(o["endpoint"]?.GetValue<string>(), o["token"]?.GetValue<string>());
    }

    /// <summary>Saves one key (endpoint or token); an empty value removes it.</summary>
    public static void Set(string key, string value, string? path = null)
    {
        if (!Keys.Contains(key)) throw new ArgumentException($"config: unknown key '{key}' (known: {string.Join(", ", Keys)})");
        path ??= DefaultPath();
        var o = File.Exists(path) ? Read(path) : new JsonObject();
        if (value.Length == 0) o.Remove(key);
        else o[key] = value;
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, path, overwrite: true);
    }

    private static JsonObject Read(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new ArgumentException($"{path}: must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{path}: not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"{path}: endpoint and token must be strings: {e.Message}");
        }
    }
}
