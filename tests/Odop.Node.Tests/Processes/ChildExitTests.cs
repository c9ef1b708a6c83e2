using Odop.Node.Processes;
using Odop.Node.Tests.Support;

namespace Odop.Node.Tests.Processes;

public sealed class ChildExitTests : ProcessTestBase
{
    [Test]
    public async Task Exited_ReportsTheExitCode()
    {
        var exit = await Exit(Launch("sh", "-c", "exit 3"));
        Assert.That(exit.ExitCode, Is.EqualTo(3));
        Assert.That(exit.TermSignal, Is.Null);
    }

    [Test]
    public async Task Exited_ReportsTheSignalThatEndedIt()
    {
        var p = Launch("sleep", "30");
        Assert.That(p.SignalGroup(ProcessSignals.SIGTERM), Is.True);
        var exit = await Exit(p);
        Assert.That(exit.TermSignal, Is.EqualTo(ProcessSignals.SIGTERM));
        Assert.That(exit.ExitCode, Is.Null);
        Assert.That(p.HasExited, Is.True);
        Assert.That(p.Signal(ProcessSignals.SIGTERM), Is.False, "a reaped child is never signalled");
    }

    [Test]
    public async Task Exited_ReportsCpuTimeAndPeakRss()
    {
        // python3 burns ~0.6 s of CPU and touches ~60 MB.
        var p = Launch("python3", "-c",
            "import time\nb = bytearray(60 * 1024 * 1024)\nfor i in range(0, len(b), 4096): b[i] = 1\n" +
            "t = time.process_time()\nwhile time.process_time() - t < 0.6: pass\n");
        var exit = await Exit(p);
        Assert.That(exit.ExitCode, Is.EqualTo(0), ReadFile(Path.Combine(Dir, "err.log")));
        Assert.That(exit.TotalCpu.TotalSeconds, Is.GreaterThanOrEqualTo(0.5));
        Assert.That(exit.MaxRssBytes, Is.GreaterThanOrEqualTo(55L * 1024 * 1024));
    }

    [Test]
    public async Task ManyChildren_AreEachWaitedForSeparately()
    {
        var children = Enumerable.Range(0, 8).Select(i => Launch("sh", "-c", $"exit {i}")).ToList();
        var codes = await Task.WhenAll(children.Select(Exit));
        Assert.That(codes.Select(c => c.ExitCode), Is.EqualTo(Enumerable.Range(0, 8).Cast<int?>()));
    }

    [Test]
    public async Task DotNetProcessChildren_DoNotDisturbOurWaits()
    {
        var ours = Launch("sh", "-c", "sleep 0.5; exit 7");
        using (var theirs = System.Diagnostics.Process.Start("true")!)
            await theirs.WaitForExitAsync().WaitAsync(SafetyTimeout);
        Assert.That((await Exit(ours)).ExitCode, Is.EqualTo(7));
    }
}
