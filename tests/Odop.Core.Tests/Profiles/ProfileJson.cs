using System.Text.Json.Nodes;

namespace Odop.Core.Tests.Profiles;

/// <summary>Profile documents for tests, starting from DESIGN's example.</summary>
internal static class ProfileJson
{
    public const string TaskId = "6c1f7d2e-8a4b-4f0e-9d3c-1b2a3c4d5e6f";

    public static string Example(string name = "reduce", string taskId = TaskId) => $$"""
        {
          "task_id": "{{taskId}}",
          "metadata": { "name": "{{name}}", "description": "Reduces a step" },
          "execution_method": { "input_folder": "data", "module": "example_task.py", "function": "step_a" },
          "execution_requirement": {
            "time": "10min",
            "cpus":    { "max": "1000mcpu", "min": "500mcpu" },
            "memory":  { "max": "2G", "min": "1G" },
            "threads": { "max": "4", "min": "2" }
          },
          "category": "analysis",
          "x-site": { "owner": "alice", "tags": ["a", "b"] }
        }
        """;

    public static JsonObject ExampleObject() => JsonNode.Parse(Example())!.AsObject();

    /// <summary>The example with the value at a dotted path replaced, or removed when <paramref name="value"/> is null.</summary>
    public static string With(string path, JsonNode? value)
    {
        var root = ExampleObject();
        var keys = path.Split('.');
        var parent = root;
        foreach (var key in keys[..^1]) parent = parent[key]!.AsObject();
        if (value is null) parent.Remove(keys[^1]);
        else parent[keys[^1]] = value;
        return root.ToJsonString();
    }
}

/// <summary>A folder under the system temp folder, deleted at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("odop-core-tests-").FullName;

    public string Write(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
