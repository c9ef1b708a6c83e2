using System.Text.Json.Nodes;
using Odop.Cli.Tests.Support;

namespace Odop.Cli.Tests;

/// <summary>`odop tasks set-priority`, `odop enqueue --class`, and the profile keys class and on_timeout under `odop profiles validate`.</summary>
public class QueueSemanticsVerbTests
{
    private const string Valid = """
        { "task_id": "7d1f0c9e-3f7b-4c55-9a57-0c3f0b7a1e11", "metadata": { "name": "reduce" },
          "execution_method": { "input_folder": ".", "module": "reduce.py", "function": "run" },
          "execution_requirement": { "time": "10min", "cpus": { "max": "1000mcpu", "min": "500mcpu" } },
          "priority": 5, "class": "exclusive", "on_timeout": { "command": ["./cleanup.sh"], "time": "30s" } }
        """;

    private static async Task<(int ExitCode, string Stderr)> Validate(string json)
    {
        var folder = Directory.CreateTempSubdirectory("odop-profiles-").FullName;
        try
        {
            var path = Path.Combine(folder, "reduce.json");
            File.WriteAllText(path, json);
            var result = await OdopCli.RunAsync(["profiles", "validate", path]);
            return (result.ExitCode, result.Stderr.Replace(path, "PATH", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Validate_AcceptsClassPriorityAndOnTimeout()
    {
        var (exitCode, stderr) = await Validate(Valid);
        Assert.That(exitCode, Is.EqualTo(0), stderr);
    }

    [Test]
    public async Task Validate_AnUnknownClass_NamesTheFileAndField_AndExits2()
    {
        var (exitCode, stderr) = await Validate(Valid.Replace("\"exclusive\"", "\"vip\""));

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("PATH").And.Contain("class: must be one of exclusive, normal, background, not 'vip'"));
    }

    [TestCase("\"on_timeout\": \"cleanup.sh\"", "on_timeout")]
    [TestCase("\"on_timeout\": []", "on_timeout: must name a program")]
    [TestCase("\"on_timeout\": { \"time\": \"30s\" }", "on_timeout.command: is required")]
    [TestCase("\"on_timeout\": { \"command\": [\"x\"], \"time\": \"soon\" }", "on_timeout.time")]
    public async Task Validate_ABadOnTimeout_NamesTheField_AndExits2(string onTimeout, string expected)
    {
        var json = Valid.Replace("\"on_timeout\": { \"command\": [\"./cleanup.sh\"], \"time\": \"30s\" }", onTimeout);

        var (exitCode, stderr) = await Validate(json);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("PATH").And.Contain(expected));
    }

    [Test]
    public async Task SetPriority_ReordersTheQueue_AndBadInputExits2OrNamesTheStatus()
    {
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        await using var node = await LocalNode.StartAsync(excluded: usable.Except(usable.Take(1)));
        async Task<JsonNode> Json(params string[] args)
        {
            var result = await OdopCli.RunAsync([.. args, "--agent", node.Endpoint, "--json"]);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            return JsonNode.Parse(result.Stdout)!;
        }
        var holder = (await Json("enqueue", "sleep"))["execution_id"]!.GetValue<string>();
        var queued = (await Json("enqueue", "sleep", "--class", "background"))["execution_id"]!.GetValue<string>();

        var raised = await Json("tasks", "set-priority", queued, "7");
        var lowered = await Json("tasks", "set-priority", queued, "-3");
        var malformed = await OdopCli.RunAsync(["tasks", "set-priority", queued, "high", "--agent", node.Endpoint]);
        var unknown = await OdopCli.RunAsync(["tasks", "set-priority", Guid.NewGuid().ToString(), "1", "--agent", node.Endpoint]);
        var badClass = await OdopCli.RunAsync(["enqueue", "sleep", "--class", "vip", "--agent", node.Endpoint]);

        Assert.That(raised["priority"]!.GetValue<int>(), Is.EqualTo(7));
        Assert.That(lowered["priority"]!.GetValue<int>(), Is.EqualTo(-3));
        Assert.That(lowered["execution_class"]!.GetValue<string>(), Is.EqualTo("background"));
        Assert.That(malformed.ExitCode, Is.EqualTo(2));
        Assert.That(malformed.Stderr, Does.Contain("priority: 'high' is not a whole number"));
        Assert.That(unknown.ExitCode, Is.EqualTo(1));
        Assert.That(unknown.Stderr, Does.Contain("NotFound"));
        Assert.That(badClass.ExitCode, Is.Not.Zero);
        Assert.That(badClass.Stderr, Does.Contain("vip"));
        var show = await OdopCli.RunAsync(["tasks", "show", queued, "--agent", node.Endpoint]);
        Assert.That(show.Stdout, Does.Contain("priority 0 → 7 (set by user)").And.Contain("priority 7 → -3 (set by user)"));
        await Json("tasks", "stop", holder);
        await Json("tasks", "stop", queued);
    }
}
