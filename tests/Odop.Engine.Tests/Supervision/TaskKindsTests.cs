using System.Text.Json.Nodes;
using Odop.Engine.Supervision;
using Odop.Engine.Tests.Support;

namespace Odop.Engine.Tests.Supervision;

/// <summary>The three ways a profile names what to run, each run for real.</summary>
public sealed class TaskKindsTests : SupervisorTestBase
{
    [Test]
    public async Task PythonModule_GetsInputFolderAndOptionsAsArguments()
    {
        Directory.CreateDirectory(Path.Combine(Dir, "data"));
        File("example_task.py", """
            import json, os
            def step_a(input_folder, **options):
                with open(os.path.join(input_folder, "seen.json"), "w") as f:
                    json.dump({"folder": input_folder, "options": options, "id": os.environ["ODOP_EXECUTION_ID"]}, f)
            """);
        var e = Start(new JsonObject { ["input_folder"] = "data", ["module"] = "example_task.py", ["function"] = "step_a" },
            new JsonObject { ["input"] = "out/step_0400.h5", ["level"] = 3, ["fast"] = true });

        var done = await Exited(e);

        Assert.That(done.ExitCode, Is.EqualTo(0), Read(done.StderrPath));
        var seen = JsonNode.Parse(Read(Path.Combine(Dir, "data", "seen.json")))!;
        Assert.That((string?)seen["folder"], Is.EqualTo(Path.Combine(Dir, "data")));
        Assert.That(seen["options"]!.ToJsonString(), Is.EqualTo("""{"input":"out/step_0400.h5","level":3,"fast":true}"""));
        Assert.That((string?)seen["id"], Is.EqualTo(e.ExecutionId));
    }

    [Test]
    public async Task PythonModule_ThatRaises_ExitsNonZeroWithTheTracebackInTheErrorLog()
    {
        File("failing.py", "def run(folder):\n    raise ValueError('bad input ' + folder)\n");
        var done = await Exited(Start(new JsonObject { ["module"] = "failing.py", ["function"] = "run" }));
        Assert.That(done.ExitCode, Is.Not.EqualTo(0).And.Not.Null);
        Assert.That(Read(done.StderrPath), Does.Contain("Traceback").And.Contain("ValueError: bad input"));
    }

    [Test]
    public async Task PythonModule_WithoutTheNamedFunction_ExitsNonZeroSayingSo()
    {
        File("empty.py", "x = 1\n");
        var done = await Exited(Start(new JsonObject { ["module"] = "empty.py", ["function"] = "nope" }));
        Assert.That(done.ExitCode, Is.EqualTo(1));
        Assert.That(Read(done.StderrPath), Does.Contain("has no function 'nope'"));
    }

    [Test]
    public async Task Command_HasItsPlaceholdersSubstituted()
    {
        var e = Start(new JsonObject
        {
            ["input_folder"] = "in",
            ["command"] = new JsonArray("sh", "-c", "echo \"$0|$1|$2|{unknown}\"", "{input_folder}", "{execution_id}", "n={size}"),
        }, new JsonObject { ["size"] = 64 });
        var done = await Exited(e);
        Assert.That(done.ExitCode, Is.EqualTo(0), Read(done.StderrPath));
        Assert.That(Read(done.StdoutPath), Is.EqualTo($"{Path.Combine(Dir, "in")}|{e.ExecutionId}|n=64|{{unknown}}\n"));
    }

    [Test]
    public async Task ExecutableModule_GetsInputFolderThenOptionsAsFlags()
    {
        var script = File("task.sh", "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        System.IO.File.SetUnixFileMode(script, (UnixFileMode)0x1ED); // 0755
        var done = await Exited(Start(new JsonObject { ["module"] = "task.sh", ["input_folder"] = "." },
            new JsonObject { ["size"] = 3, ["name"] = "a b", ["verbose"] = null }));
        Assert.That(done.ExitCode, Is.EqualTo(0), Read(done.StderrPath));
        Assert.That(Read(done.StdoutPath), Is.EqualTo($"{Dir}\n--size=3\n--name=a b\n--verbose\n"));
    }

    [Test]
    public async Task ExitCode_IsPropagated()
    {
        var done = await Exited(StartCommand("sh", "-c", "exit 3"));
        Assert.That(done.State, Is.EqualTo(ExecutionProcessState.Exited));
        Assert.That(done.ExitCode, Is.EqualTo(3));
        Assert.That(done.TermSignal, Is.Null);
        Assert.That(done.StopRequested, Is.False);
    }

    [Test]
    public async Task Environment_CarriesOdopVariablesAndTheProfileEnvironment()
    {
        var done = await Exited(Start(new JsonObject
        {
            ["command"] = new JsonArray("sh", "-c", "env"),
            ["environment"] = new JsonObject { ["OMP_NUM_THREADS"] = "2", ["ODOP_EXECUTION_ID"] = "spoofed" },
        }, new JsonObject { ["k"] = "v" }, id: "env-1"));
        var lines = Read(done.StdoutPath).Split('\n');
        Assert.That(lines, Does.Contain("OMP_NUM_THREADS=2"));
        Assert.That(lines, Does.Contain("ODOP_EXECUTION_ID=env-1"));
        Assert.That(lines, Does.Contain("ODOP_TASK_ID=task-1"));
        Assert.That(lines, Does.Contain($"ODOP_INPUT_FOLDER={Dir}"));
        Assert.That(lines, Does.Contain("""ODOP_EXECUTION_OPTIONS={"k":"v"}"""));
        Assert.That(lines.Any(l => l.StartsWith("PATH=", StringComparison.Ordinal)), Is.True, "the engine's environment is inherited");
    }
}
