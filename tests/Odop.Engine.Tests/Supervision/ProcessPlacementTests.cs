using Odop.Core.Hardware;
using Odop.Engine.Supervision;
using Odop.Engine.Tests.Support;

namespace Odop.Engine.Tests.Supervision;

/// <summary>What the kernel says about a running task, read from /proc by the test.</summary>
public sealed class ProcessPlacementTests : SupervisorTestBase
{
    [Test]
    public async Task PinnedTask_RunsOnItsCpuUnderSchedIdleInItsOwnGroup()
    {
        var e = Start(new() { ["command"] = new System.Text.Json.Nodes.JsonArray("sleep", "60") }, cpus: CpuSet.Of(1));
        await Eventually(() => StatusField(e.Pid, "Name") == "sleep", "sleep has exec'd");

        Assert.That(StatusField(e.Pid, "Cpus_allowed_list"), Is.EqualTo("1"));
        var policy = System.IO.File.ReadAllLines($"/proc/{e.Pid}/sched").Single(l => l.StartsWith("policy", StringComparison.Ordinal));
        Assert.That(policy.Split(':')[1].Trim(), Is.EqualTo("5"), "SCHED_IDLE");
        var stat = System.IO.File.ReadAllText($"/proc/{e.Pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(int.Parse(stat[2]), Is.EqualTo(e.Pid), "pgrp");
        Assert.That(e.Cpus, Is.EqualTo(CpuSet.Of(1)));
    }

    [Test]
    public async Task Task_HasNoIgnoredSignals_SoSigpipeEndsAPipelineQuietly()
    {
        var e = StartCommand("sh", "-c", "grep SigIgn /proc/self/status; yes | head -n 1");
        var done = await Exited(e);
        Assert.That(done.ExitCode, Is.EqualTo(0));
        Assert.That(Read(done.StdoutPath), Is.EqualTo("SigIgn:\t0000000000000000\ny\n"));
        Assert.That(Read(done.StderrPath), Is.Empty);
    }

    [Test]
    public async Task SetAffinity_MovesTheRunningGroup()
    {
        var e = StartCommand("sh", "-c", "sleep 60 & echo ready; wait");
        await UntilLogged(e, "ready");
        using var events = Supervisor.Subscribe(includeCurrent: false);

        var moved = Supervisor.SetAffinity(e.ExecutionId, CpuSet.Of(1));

        Assert.That(moved.Cpus, Is.EqualTo(CpuSet.Of(1)));
        Assert.That(StatusField(e.Pid, "Cpus_allowed_list"), Is.EqualTo("1"));
        var sleeper = Odop.Node.Proc.ProcessTable.ProcessesInGroup(e.Pid).Single(p => p != e.Pid);
        Assert.That(StatusField(sleeper, "Cpus_allowed_list"), Is.EqualTo("1"));
        Assert.That(events.Reader.TryRead(out var ev) ? ev.Kind : (ExecutionEventKind?)null, Is.EqualTo(ExecutionEventKind.AffinityChanged));
    }

    [Test]
    public async Task Usage_ReportsCpuTimePeakRssAndThreads()
    {
        File("burn.py", """
            import time
            def run(folder):
                block = bytearray(100 * 1024 * 1024)
                for i in range(0, len(block), 4096):
                    block[i] = 1
                start = time.process_time()
                while time.process_time() - start < 1.0:
                    pass
                time.sleep(0.5)
            """);
        var done = await Exited(Start(new() { ["module"] = "burn.py", ["function"] = "run" }));

        Assert.That(done.ExitCode, Is.EqualTo(0), Read(done.StderrPath));
        Assert.That(done.Usage.CpuSeconds, Is.GreaterThanOrEqualTo(0.5));
        Assert.That(done.Usage.PeakRssBytes, Is.GreaterThanOrEqualTo(80L * 1024 * 1024));
        Assert.That(done.Usage.PeakThreads, Is.GreaterThanOrEqualTo(1));
        Assert.That(done.Usage.WallSeconds, Is.GreaterThan(0));
    }

    [Test]
    public async Task Usage_OfATinyTask_IsNotTheEnginesOwnMemory()
    {
        // posix_spawn runs on the engine's memory until exec; the kernel folds that high-water mark into
        // the child's ru_maxrss, which must not be taken for the task's own peak.
        var engineRss = Odop.Node.Proc.ProcStatus.Read(Environment.ProcessId)!.PeakRssBytes;
        var done = await Exited(StartCommand("true"));

        Assert.That(done.ExitCode, Is.EqualTo(0));
        Assert.That(done.Usage.PeakRssBytes, Is.LessThan(Math.Min(engineRss, 16L * 1024 * 1024)),
            $"true has a peak of a few MB at most; the engine's own peak is {engineRss / 1048576} MB");
    }
}
