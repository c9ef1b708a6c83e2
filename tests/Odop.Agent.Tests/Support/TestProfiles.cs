using System.Text.Json.Nodes;

namespace Odop.Agent.Tests.Support;

/// <summary>Writes task profiles for the tests' Python tasks into a folder.</summary>
internal static class TestProfiles
{
    public static string TasksScript => Path.Combine(AppContext.BaseDirectory, "Support", "tasks.py");

    public static string Write(string folder, string name, string function, string cpusMin = "500mcpu", string time = "1min")
    {
        var profile = new JsonObject
        {
            ["task_id"] = Guid.NewGuid().ToString(),
            ["metadata"] = new JsonObject { ["name"] = name, ["description"] = $"test task running tasks.py:{function}" },
            ["execution_method"] = new JsonObject
            {
                ["input_folder"] = ".",
                ["module"] = TasksScript,
                ["function"] = function,
            },
            ["execution_requirement"] = new JsonObject
            {
                ["time"] = time,
                ["cpus"] = new JsonObject { ["max"] = "1000mcpu", ["min"] = cpusMin },
                ["memory"] = new JsonObject { ["max"] = "256Mi", ["min"] = "16Mi" },
                ["threads"] = new JsonObject { ["max"] = "1", ["min"] = "1" },
            },
            ["owner_note"] = "a field the agent does not own and must keep",
        };
        var path = Path.Combine(folder, name + ".json");
        File.WriteAllText(path, profile.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
