using System.Diagnostics;
using System.Text.Json.Nodes;
using Odop.Client;
using Odop.Protocol;

namespace Odop.Benchmarks;

/// <summary>What the benchmarks that start a bare `odop agent` share: its one profile and the wait for its first answer.</summary>
internal static class BenchAgent
{
    /// <summary>Writes profiles/reduce.json under <paramref name="root"/> (a task running `true`); returns the profiles folder.</summary>
    public static string WriteReduceProfile(string root)
    {
        var profiles = Directory.CreateDirectory(Path.Combine(root, "profiles")).FullName;
        File.WriteAllText(Path.Combine(profiles, "reduce.json"), new JsonObject
        {
            ["task_id"] = Guid.NewGuid().ToString(),
            ["metadata"] = new JsonObject { ["name"] = "reduce" },
            ["execution_method"] = new JsonObject { ["command"] = new JsonArray("true") },
            ["execution_requirement"] = new JsonObject { ["time"] = "1min", ["cpus"] = new JsonObject { ["max"] = "1", ["min"] = "1" } },
        }.ToJsonString());
        return profiles;
    }

    /// <summary>Polls Info every <paramref name="poll"/> until the agent answers; gives up after 60 s or when it exits.</summary>
    public static async Task WaitUntilServingAsync(OdopClient client, Process agent, TimeSpan poll)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await client.InfoAsync();
                return;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline && !agent.HasExited)
            {
                await Task.Delay(poll);
            }
        }
    }
}
