using Odop.Cli.Tests.Support;

namespace Odop.Cli.Tests;

/// <summary>`odop profiles validate|list|show`: every broken profile is named with its file and field.</summary>
public class ProfilesVerbTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("odop-profiles-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private const string Valid = """
        { "task_id": "7d1f0c9e-3f7b-4c55-9a57-0c3f0b7a1e11", "metadata": { "name": "reduce" },
          "execution_method": { "input_folder": ".", "module": "reduce.py", "function": "run" },
          "execution_requirement": { "time": "10min", "cpus": { "max": "1000mcpu", "min": "500mcpu" } } }
        """;

    [Test]
    public async Task Validate_AcceptsTheRepositorysProfiles()
    {
        var result = await OdopCli.RunAsync(["profiles", "validate", Path.Combine(OdopCli.RepoRoot, "profiles")]);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        Assert.That(result.Stdout, Does.Contain("0 invalid"));
    }

    [Test]
    public async Task Validate_BrokenJson_NamesTheFileAndLine()
    {
        var path = Write("broken.json", "{ \"task_id\": \"x\",\n  \"metadata\": { \"name\": \"a\" \n");
        var result = await OdopCli.RunAsync(["profiles", "validate", path]);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain(path).And.Contain("line"));
    }

    [Test]
    public async Task Validate_InvalidQuantity_NamesTheFileAndField()
    {
        var path = Write("bad-quantity.json", Valid.Replace("\"500mcpu\"", "\"5x\""));
        var result = await OdopCli.RunAsync(["profiles", "validate", path]);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain(path).And.Contain("execution_requirement.cpus.min").And.Contain("5x"));
    }

    [Test]
    public async Task Validate_MissingField_NamesTheFileAndField()
    {
        var path = Write("no-time.json", Valid.Replace("\"time\": \"10min\",", ""));
        var result = await OdopCli.RunAsync(["profiles", "validate", path]);
        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Stderr, Does.Contain(path).And.Contain("execution_requirement.time"));
    }

    [Test]
    public async Task ListAndShow_ReadAFolder_AndReportItsBrokenFiles()
    {
        Write("reduce.json", Valid);
        Write("broken.json", "{");
        var list = await OdopCli.RunAsync(["profiles", "list", "--profiles", _folder]);
        Assert.That(list.Stdout, Does.Contain("reduce").And.Contain("500mcpu"));
        Assert.That(list.Stderr, Does.Contain("broken.json"));
        Assert.That(list.ExitCode, Is.EqualTo(2), "a folder with a broken profile is not silently fine");

        var show = await OdopCli.RunAsync(["profiles", "show", "reduce", "--profiles", _folder]);
        Assert.That(show.ExitCode, Is.EqualTo(0), show.ToString());
        Assert.That(show.Stdout, Does.Contain("\"function\": \"run\""));
    }
}
