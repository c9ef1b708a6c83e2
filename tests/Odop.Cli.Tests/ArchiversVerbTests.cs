using Odop.Cli.Tests.Support;

namespace Odop.Cli.Tests;

/// <summary>`odop archivers check` and `odop agent --archivers`: a bad archivers file is named with its field, exit 2.</summary>
public class ArchiversVerbTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("odop-archivers-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_folder, "archivers.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public async Task Check_AcceptsAValidFile_AndSaysWhatEachArchiverDoes()
    {
        var path = Write("""
            {"archivers": [{"name": "jsonl", "type": "jsonl", "path": "results.jsonl"},
                           {"type": "http", "url": "http://127.0.0.1:8080/results", "timeout": "5s",
                            "retries": {"max": 10, "backoff": "1s", "max_backoff": "1m"}, "ttl": "24h"}]}
            """);
        var result = await OdopCli.RunAsync(["archivers", "check", path]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("http: http, timeout 5s, ttl 1d, retries 10 (backoff 1s up to 1m)").And.Contain("2 archiver(s), valid"));
    }

    [Test]
    public async Task Check_AnUnknownType_NamesTheFileAndField_AndListsTheKnownTypes()
    {
        var path = Write("""{"archivers": [{"type": "jsonl", "path": "a"}, {"type": "kafka"}]}""");
        var result = await OdopCli.RunAsync(["archivers", "check", path]);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain($"{path}: archivers[1].type: unknown archiver type 'kafka'; known types: http, jsonl, sqlite"));
    }

    [Test]
    public async Task Agent_WithABadArchiversFile_RefusesToStart()
    {
        var path = Write("""{"archivers": [{"type": "http", "url": "http://x/", "ttl": "forever"}]}""");
        var result = await OdopCli.RunAsync(["agent", "--archivers", path, "--store", "memory", "--socket", Path.Combine(_folder, "a.sock")]);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain($"{path}: archivers[0].ttl: "));
    }

    [Test]
    public async Task Check_AMissingFile_IsAClearError()
    {
        var result = await OdopCli.RunAsync(["archivers", "check", Path.Combine(_folder, "none.json")]);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain("none.json: cannot read the archivers file"));
    }

    [Test]
    public async Task Status_ShowsEachArchiversBacklog()
    {
        await using var node = await LocalNode.StartAsync(archiversJson: """{"archivers": [{"name": "local", "type": "jsonl", "path": "results.jsonl"}]}""");
        var result = await OdopCli.RunAsync(["archivers", "status", "--agent", node.Endpoint]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("PENDING").And.Contain("FAILED ATTEMPTS").And.Match(@"local\s+jsonl\s+0\s+0"));

        var json = await OdopCli.RunAsync(["archivers", "status", "--agent", node.Endpoint, "--json"]);
        Assert.That(System.Text.Json.Nodes.JsonNode.Parse(json.Stdout)!["archivers"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("local"));
    }

    [Test]
    public async Task Status_WithoutArchivers_SaysSo()
    {
        await using var node = await LocalNode.StartAsync();
        var result = await OdopCli.RunAsync(["archivers", "status", "--agent", node.Endpoint]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("no archivers configured"));
    }
}
