using Odop.Core.Hardware;
using Odop.Node.Processes;

namespace Odop.Node.Tests.Support;

/// <summary>
/// Gives each test a temporary folder and launches real processes in it; every process group a test
/// started is killed and reaped in TearDown.
/// </summary>
public abstract class ProcessTestBase
{
    protected static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(60);
    private readonly List<LaunchedProcess> _launched = [];

    protected string Dir { get; private set; } = "";

    [SetUp]
    public void CreateFolder()
    {
        Dir = Path.Combine(Path.GetTempPath(), "odop-node-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
    }

    [TearDown]
    public async Task KillEverything()
    {
        foreach (var p in _launched)
        {
            p.SignalGroup(ProcessSignals.SIGKILL);
            await p.Exited.WaitAsync(SafetyTimeout);
        }
        _launched.Clear();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    protected static Dictionary<string, string> BaseEnvironment() => new()
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
        ["HOME"] = Path.GetTempPath(),
    };

    protected LaunchSpec Spec(params string[] argv) => new()
    {
        Argv = argv,
        WorkingDirectory = Dir,
        Environment = BaseEnvironment(),
        StdoutPath = Path.Combine(Dir, "out.log"),
        StderrPath = Path.Combine(Dir, "err.log"),
    };

    protected LaunchedProcess Launch(LaunchSpec spec)
    {
        var p = ProcessLauncher.Spawn(spec);
        _launched.Add(p);
        return p;
    }

    protected LaunchedProcess Launch(params string[] argv) => Launch(Spec(argv));

    protected LaunchedProcess LaunchPinned(CpuSet cpus, params string[] argv) => Launch(Spec(argv) with { Cpus = cpus });

    protected static async Task<ChildExit> Exit(LaunchedProcess p) => await p.Exited.WaitAsync(SafetyTimeout);

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

    /// <summary>Reads a /proc/&lt;pid&gt;/status field as the kernel prints it.</summary>
    protected static string? StatusField(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadAllLines($"/proc/{pid}/status"))
                if (line.StartsWith(key + ":", StringComparison.Ordinal)) return line[(key.Length + 1)..].Trim();
        }
        catch (IOException) { }
        return null;
    }

    protected static string ReadFile(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
}
