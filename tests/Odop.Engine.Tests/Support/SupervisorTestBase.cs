using System.Text.Json.Nodes;
using Odop.Core.Hardware;
using Odop.Engine.Supervision;
using Odop.Node.Processes;

namespace Odop.Engine.Tests.Support;

/// <summary>
/// A real supervisor over a temporary folder (profiles in <see cref="Dir"/>, logs in Dir/logs). Every
/// process group still alive at the end of a test is killed and reaped in TearDown.
/// </summary>
public abstract class SupervisorTestBase
{
    protected static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(90);
    private int _next;

    protected string Dir { get; private set; } = "";
    protected string LogDir => Path.Combine(Dir, "logs");
    protected ShiftedTime Time { get; private set; } = new();
    protected ExecutionSupervisor Supervisor { get; private set; } = null!;

    [SetUp]
    public void CreateSupervisor()
    {
        Dir = Path.Combine(Path.GetTempPath(), "odop-engine-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        Time = new ShiftedTime();
        Supervisor = new ExecutionSupervisor(new ExecutionSupervisorOptions
        {
            LogDirectory = LogDir,
            SamplePeriod = TimeSpan.FromMilliseconds(100),
            DefaultStopGrace = TimeSpan.FromSeconds(30),
        }, Time);
    }

    [TearDown]
    public async Task KillEverything()
    {
        foreach (var e in Supervisor.List().Where(e => e.IsLive))
        {
            ProcessSignals.SendToGroup(e.Pid, ProcessSignals.SIGKILL);
            await Supervisor.WaitForExitAsync(e.ExecutionId).WaitAsync(SafetyTimeout);
        }
        await Supervisor.DisposeAsync();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    protected ExecutionSnapshot Start(JsonObject method, JsonObject? options = null, CpuSet? cpus = null, string? id = null) =>
        Supervisor.Start(new StartRequest
        {
            ExecutionId = id ?? $"exec-{++_next}",
            TaskId = "task-1",
            ExecutionMethod = method,
            ExecutionOptions = options ?? [],
            BaseDirectory = Dir,
            Cpus = cpus,
        });

    protected ExecutionSnapshot StartCommand(params string[] argv) =>
        Start(new JsonObject { ["command"] = new JsonArray(argv.Select(a => (JsonNode)a).ToArray()) });

    protected async Task<ExecutionSnapshot> Exited(ExecutionSnapshot e) =>
        await Supervisor.WaitForExitAsync(e.ExecutionId).WaitAsync(SafetyTimeout);

    protected string File(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    protected static string Read(string path) => System.IO.File.Exists(path) ? System.IO.File.ReadAllText(path) : "";

    /// <summary>Polls a condition about real processes; the timeout is only a safety net.</summary>
    protected static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + SafetyTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }

    protected Task UntilLogged(ExecutionSnapshot e, string text) =>
        Eventually(() => Read(e.StdoutPath).Contains(text, StringComparison.Ordinal), $"'{text}' is in {e.StdoutPath}");

    protected static string? StatusField(int pid, string key)
    {
        try
        {
            foreach (var line in System.IO.File.ReadAllLines($"/proc/{pid}/status"))
                if (line.StartsWith(key + ":", StringComparison.Ordinal)) return line[(key.Length + 1)..].Trim();
        }
        catch (IOException) { }
        return null;
    }
}
