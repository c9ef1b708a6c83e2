using System.Text.Json.Nodes;
using Odop.Core.Hardware;
using Odop.Engine.Commands;

namespace Odop.Engine.Tests.Commands;

/// <summary>Command construction alone; running the commands is in the supervision tests.</summary>
public sealed class TaskCommandResolverTests
{
    private string _dir = "";

    private readonly TaskCommandResolver _resolver = new(new Dictionary<string, string>
    {
        ["PATH"] = "/usr/bin:/bin",
        ["OMPI_COMM_WORLD_RANK"] = "0",
        ["PMIX_RANK"] = "0",
        ["ODOP_PYTHON"] = "/opt/py/bin/python3",
    });

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "odop-resolver-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private TaskLaunchInput Input(JsonObject method, JsonObject? options = null) => new()
    {
        ExecutionId = "e1",
        TaskId = "t1",
        ExecutionMethod = method,
        ExecutionOptions = options ?? [],
        BaseDirectory = _dir,
        Cpus = CpuSet.Of(1),
        LogDirectory = Path.Combine(_dir, "logs"),
    };

    [Test]
    public void PythonModule_RunsTheBootstrapWithPathFunctionFolderAndOptions()
    {
        File.WriteAllText(Path.Combine(_dir, "t.py"), "");
        var spec = _resolver.Resolve(Input(new() { ["module"] = "t.py", ["function"] = "f", ["input_folder"] = "in" }, new() { ["a"] = 1 }));
        Assert.That(spec.Argv[0], Is.EqualTo("/opt/py/bin/python3"), "ODOP_PYTHON");
        Assert.That(spec.Argv.Skip(4), Is.EqualTo(new[] { Path.Combine(_dir, "t.py"), "f", Path.Combine(_dir, "in"), """{"a":1}""" }));
        Assert.That(spec.Cpus, Is.EqualTo(CpuSet.Of(1)));
        Assert.That(spec.IdleScheduling, Is.True);
        Assert.That(spec.WorkingDirectory, Is.EqualTo(_dir));
        Assert.That(spec.StdoutPath, Is.EqualTo(Path.Combine(_dir, "logs", "e1.out")));
        Assert.That(spec.StderrPath, Is.EqualTo(Path.Combine(_dir, "logs", "e1.err")));
    }

    [Test]
    public void Interpreter_InTheMethod_WinsOverTheDefault()
    {
        File.WriteAllText(Path.Combine(_dir, "t.py"), "");
        var spec = _resolver.Resolve(Input(new() { ["module"] = "t.py", ["function"] = "f", ["interpreter"] = "python3.12" }));
        Assert.That(spec.Argv[0], Is.EqualTo("python3.12"));
    }

    [Test]
    public void ChildEnvironment_DropsTheEnginesMpiRankVariables()
    {
        var spec = _resolver.Resolve(Input(new() { ["command"] = new JsonArray("true") }));
        Assert.That(spec.Environment.Keys, Does.Not.Contain("OMPI_COMM_WORLD_RANK").And.Not.Contain("PMIX_RANK"));
        Assert.That(spec.Environment["PATH"], Is.EqualTo("/usr/bin:/bin"));
        Assert.That(spec.Environment["ODOP_EXECUTION_ID"], Is.EqualTo("e1"));
    }

    [Test]
    public void RelativeCommand_ResolvesAgainstTheBaseDirectory_BareNamesDoNot()
    {
        Assert.That(_resolver.Resolve(Input(new() { ["command"] = new JsonArray("./run.sh", "./x") })).Argv,
            Is.EqualTo(new[] { Path.Combine(_dir, "run.sh"), "./x" }));
        Assert.That(_resolver.Resolve(Input(new() { ["command"] = new JsonArray("sleep", "1") })).Argv[0], Is.EqualTo("sleep"));
    }

    [Test]
    public void DotnetAssembly_RunsUnderDotnet()
    {
        File.WriteAllText(Path.Combine(_dir, "Task.dll"), "");
        Assert.That(_resolver.Resolve(Input(new() { ["module"] = "Task.dll" }, new() { ["n"] = "2" })).Argv,
            Is.EqualTo(new[] { "dotnet", Path.Combine(_dir, "Task.dll"), _dir, "--n=2" }));
    }

    [TestCase("""{"input_folder": "data"}""", "execution_method.module")]
    [TestCase("""{"module": "missing.py", "function": "f"}""", "execution_method.module")]
    [TestCase("""{"module": "present.py"}""", "execution_method.function")]
    [TestCase("""{"module": "plain.txt"}""", "execution_method.module")]
    [TestCase("""{"module": "present.py", "command": ["true"]}""", "execution_method")]
    [TestCase("""{"command": []}""", "execution_method.command")]
    [TestCase("""{"command": "echo hi"}""", "execution_method.command")]
    [TestCase("""{"command": ["true", 3]}""", "execution_method.command")]
    [TestCase("""{"command": ["true"], "working_directory": "nowhere"}""", "execution_method.working_directory")]
    [TestCase("""{"command": ["true"], "environment": ["A=1"]}""", "execution_method.environment")]
    [TestCase("""{"module": 7}""", "execution_method.module")]
    public void BadExecutionMethods_NameTheField(string json, string field)
    {
        File.WriteAllText(Path.Combine(_dir, "present.py"), "");
        File.WriteAllText(Path.Combine(_dir, "plain.txt"), "");
        var e = Assert.Throws<TaskSpecificationException>(() => _resolver.Resolve(Input((JsonObject)JsonNode.Parse(json)!)));
        Assert.That(e!.Field, Is.EqualTo(field));
        Assert.That(e.Message, Does.StartWith(field + ":"));
    }

    [Test]
    public void MissingModule_NamesThePath()
    {
        var e = Assert.Throws<TaskSpecificationException>(() =>
            _resolver.Resolve(Input(new() { ["module"] = "sub/gone.py", ["function"] = "f" })));
        Assert.That(e!.Message, Does.Contain(Path.Combine(_dir, "sub", "gone.py")));
    }
}
