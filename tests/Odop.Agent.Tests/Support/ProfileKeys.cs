using System.Text.Json.Nodes;

namespace Odop.Agent.Tests.Support;

/// <summary>Adds our extra keys (class, priority, on_timeout, …) to a profile file written by <see cref="TestProfiles"/>.</summary>
internal static class ProfileKeys
{
    public static string With(string path, params (string Key, JsonNode? Value)[] keys)
    {
        var profile = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        foreach (var (key, value) in keys) profile[key] = value;
        File.WriteAllText(path, profile.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
