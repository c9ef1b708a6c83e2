using Odop.Core.Hardware;
using Odop.Node.Processes;
using Odop.Node.Tests.Support;

namespace Odop.Node.Tests.Processes;

public sealed class ProcessLauncherTests : ProcessTestBase
{
    [Test]
    public async Task Spawn_PutsTheChildInItsOwnProcessGroup()
    {
        var p = Launch("sleep", "30");
        await Eventually(() => File.Exists($"/proc/{p.Pid}/stat"), "the child is listed");
        var fields = File.ReadAllText($"/proc/{p.Pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(int.Parse(fields[2]), Is.EqualTo(p.Pid), "pgrp");
        Assert.That(p.ProcessGroupId, Is.EqualTo(p.Pid));
    }

    [Test]
    public async Task Spawn_PinsTheChildBeforeItRuns()
    {
        // The child prints its own mask first thing: no later fix-up could have produced this.
        var p = LaunchPinned(CpuSet.Of(1), "sh", "-c", "grep Cpus_allowed_list /proc/self/status; sleep 30");
        await Eventually(() => ReadFile(Path.Combine(Dir, "out.log")).Contains('\n'), "the child printed its mask");
        Assert.That(ReadFile(Path.Combine(Dir, "out.log")).Trim(), Is.EqualTo("Cpus_allowed_list:\t1"));
        Assert.That(StatusField(p.Pid, "Cpus_allowed_list"), Is.EqualTo("1"));
        Assert.That(Affinity.OfCurrentProcess().Count, Is.GreaterThanOrEqualTo(2), "the engine's own mask is restored");
    }

    [Test]
    public async Task Spawn_WithIdleScheduling_RunsUnderSchedIdle()
    {
        var p = Launch(Spec("sleep", "30") with { IdleScheduling = true });
        await Eventually(() => SchedPolicy(p.Pid) is not null, "the child is listed");
        Assert.That(SchedPolicy(p.Pid), Is.EqualTo(5));
    }

    [Test]
    public async Task Spawn_WithoutIdleScheduling_KeepsTheNormalPolicy()
    {
        var p = Launch("sleep", "30");
        await Eventually(() => SchedPolicy(p.Pid) is not null, "the child is listed");
        Assert.That(SchedPolicy(p.Pid), Is.EqualTo(0));
    }

    [Test]
    public async Task Spawn_ResetsSignalMaskAndDispositions()
    {
        var p = Launch("sleep", "30");
        await Eventually(() => StatusField(p.Pid, "SigIgn") is not null, "the child is listed");
        Assert.That(StatusField(p.Pid, "SigIgn"), Is.EqualTo("0000000000000000"), "no ignored signal (the runtime ignores SIGPIPE)");
        Assert.That(StatusField(p.Pid, "SigBlk"), Is.EqualTo("0000000000000000"), "empty signal mask");
    }

    [Test]
    public async Task Spawn_ChildDiesOfSigpipeLikeFromAShell()
    {
        // With SIGPIPE ignored, `yes` would see EPIPE and complain on stderr instead of dying quietly.
        var p = Launch("sh", "-c", "yes | head -n 1 > /dev/null; exit 0");
        Assert.That((await Exit(p)).ExitCode, Is.EqualTo(0));
        Assert.That(ReadFile(Path.Combine(Dir, "err.log")), Is.Empty);
    }

    [Test]
    public async Task Spawn_AppendsStdoutAndStderrAndReadsStdinFromDevNull()
    {
        File.WriteAllText(Path.Combine(Dir, "out.log"), "before\n");
        var p = Launch("sh", "-c", "echo out; echo err >&2; cat; echo after-cat");
        Assert.That((await Exit(p)).ExitCode, Is.EqualTo(0));
        Assert.That(ReadFile(Path.Combine(Dir, "out.log")), Is.EqualTo("before\nout\nafter-cat\n"));
        Assert.That(ReadFile(Path.Combine(Dir, "err.log")), Is.EqualTo("err\n"));
    }

    [Test]
    public async Task Spawn_UsesExactlyTheGivenEnvironmentAndWorkingDirectory()
    {
        var work = Directory.CreateDirectory(Path.Combine(Dir, "work")).FullName;
        var env = BaseEnvironment();
        env["ODOP_PROBE"] = "42 with spaces";
        var p = Launch(Spec("sh", "-c", "pwd; env") with { Environment = env, WorkingDirectory = work });
        await Exit(p);
        var lines = ReadFile(Path.Combine(Dir, "out.log")).Split('\n');
        Assert.That(lines[0], Is.EqualTo(work));
        Assert.That(lines, Does.Contain("ODOP_PROBE=42 with spaces"));
        Assert.That(lines.Any(l => l.StartsWith("DOTNET_", StringComparison.Ordinal) || l.StartsWith("NUNIT", StringComparison.Ordinal)), Is.False);
    }

    [Test]
    public async Task Spawn_ResolvesRelativeProgramsAgainstTheWorkingDirectory()
    {
        var script = Path.Combine(Dir, "hello.sh");
        File.WriteAllText(script, "#!/bin/sh\necho hello \"$1\"\n");
        File.SetUnixFileMode(script, (UnixFileMode)0x1ED); // 0755
        var p = Launch("./hello.sh", "world");
        Assert.That((await Exit(p)).ExitCode, Is.EqualTo(0));
        Assert.That(p.ExecutablePath, Is.EqualTo(script));
        Assert.That(ReadFile(Path.Combine(Dir, "out.log")), Is.EqualTo("hello world\n"));
    }

    [Test]
    public void Spawn_MissingExecutable_NamesIt()
    {
        var e = Assert.Throws<LaunchException>(() => Launch("odop-no-such-program-xyz"));
        Assert.That(e!.Message, Does.Contain("odop-no-such-program-xyz"));
        var missing = Path.Combine(Dir, "missing.bin");
        e = Assert.Throws<LaunchException>(() => Launch(missing));
        Assert.That(e!.Message, Does.Contain(missing));
        Assert.That(e.Path, Is.EqualTo(missing));
    }

    [Test]
    public void Spawn_NotExecutable_NamesIt()
    {
        var file = Path.Combine(Dir, "data.txt");
        File.WriteAllText(file, "not a program");
        File.SetUnixFileMode(file, (UnixFileMode)0x1A4); // 0644
        var e = Assert.Throws<LaunchException>(() => Launch(file));
        Assert.That(e!.Message, Does.Contain(file).And.Contain("not executable"));
    }

    [Test]
    public void Spawn_MissingWorkingDirectory_NamesIt()
    {
        var missing = Path.Combine(Dir, "nowhere");
        var e = Assert.Throws<LaunchException>(() => Launch(Spec("true") with { WorkingDirectory = missing }));
        Assert.That(e!.Message, Does.Contain(missing));
    }

    [Test]
    public void Spawn_CpusOutsideTheMachine_Fails()
    {
        var e = Assert.Throws<LaunchException>(() => LaunchPinned(CpuSet.Of(CpuSet.MaxCpuId), "true"));
        Assert.That(e!.Message, Does.Contain(CpuSet.MaxCpuId.ToString()));
        Assert.That(Affinity.OfCurrentProcess().Count, Is.GreaterThanOrEqualTo(2));
    }

    private static int? SchedPolicy(int pid)
    {
        try
        {
            var line = File.ReadAllLines($"/proc/{pid}/sched").FirstOrDefault(l => l.StartsWith("policy", StringComparison.Ordinal));
            return line is null ? null : int.Parse(line.Split(':')[1].Trim());
        }
        catch (IOException) { return null; }
    }
}
