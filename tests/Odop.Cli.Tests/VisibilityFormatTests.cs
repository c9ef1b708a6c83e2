using Odop.Cli.Commands;
using Odop.Cli.Output;
using Odop.Protocol.V1;

namespace Odop.Cli.Tests;

/// <summary>Parsing of --since and --state, and how info and history print.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class VisibilityFormatTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [TestCase("10m", 600)]
    [TestCase("10min", 600)]
    [TestCase("1h30m", 5400)]
    [TestCase("2d", 172800)]
    [TestCase("90s", 90)]
    public void Since_ADurationCountsBackFromNow(string text, int seconds) =>
        Assert.That(SinceParser.Parse(text, Now), Is.EqualTo(Now - TimeSpan.FromSeconds(seconds)));

    [Test]
    public void Since_ATimestampWithoutOffsetIsLocalTime()
    {
        var local = new DateTimeOffset(new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Local));
        Assert.That(SinceParser.Parse("2026-11-21T10:00", Now), Is.EqualTo(local));
        Assert.That(SinceParser.Parse("2026-11-21 10:00:00", Now), Is.EqualTo(local));
        Assert.That(SinceParser.Parse("2026-11-21", Now), Is.EqualTo(new DateTimeOffset(new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Local))));
    }

    [Test]
    public void Since_ATimestampWithAnOffsetKeepsIt()
    {
        Assert.That(SinceParser.Parse("2026-11-21T10:00:00Z", Now), Is.EqualTo(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero)));
        Assert.That(SinceParser.Parse("2026-11-21T10:00+01:00", Now), Is.EqualTo(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.FromHours(1))));
    }

    [TestCase("foo")]
    [TestCase("")]
    [TestCase("10 parsecs")]
    [TestCase("2026-13-45")]
    public void Since_AnythingElseIsRefusedNamingTheOptionAndTheValue(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => SinceParser.Parse(text, Now));
        Assert.That(e!.Message, Does.StartWith("--since:").And.Contain($"'{text}'"));
    }

    [Test]
    public void States_MayBeRepeatedOrCommaSeparated() =>
        Assert.That(TasksCommand.ParseStates(["queued,running", "timed_out", " failed , queued"]),
            Is.EqualTo(new[] { ExecutionState.Queued, ExecutionState.Running, ExecutionState.TimedOut, ExecutionState.Failed }));

    [TestCase(0, "0s")]
    [TestCase(45, "45s")]
    [TestCase(750, "12m30s")]
    [TestCase(11100, "3h05m")]
    [TestCase(187200, "2d04h")]
    public void Durations_PrintShort(double seconds, string expected) => Assert.That(InfoFormat.Duration(seconds), Is.EqualTo(expected));

    [Test]
    public void Info_PrintsCountsRunningQueueAndTheEstimateWithItsTerms()
    {
        var info = new InfoReply { NodeName = "n1", AtUnixMs = Now.ToUnixTimeMilliseconds(), Queued = 3 };
        info.Counts.Add(new StateCount { State = ExecutionState.Queued, Count = 3 });
        info.Counts.Add(new StateCount { State = ExecutionState.Failed, Count = 0 });
        info.Counts.Add(new StateCount { State = ExecutionState.Running, Count = 1 });
        var running = new RunningExecution { ExecutionId = "e1", TaskName = "reduce", State = ExecutionState.Running, Pid = 42, SinceUnixMs = Now.ToUnixTimeMilliseconds() };
        running.Cpus.AddRange([2, 3]);
        info.Running.Add(running);
        info.Drain = new DrainEstimate { Seconds = 750, SideTaskCores = 2, QueuedCoreSeconds = 1400, RunningCoreSeconds = 100 };

        var text = InfoFormat.Text(info);
        Assert.That(text, Does.Contain("queued 3  running 1").And.Not.Contain("failed"));
        Assert.That(text, Does.Contain("e1").And.Contain("reduce").And.Contain("2-3").And.Contain("42"));
        Assert.That(text, Does.Contain("~12m30s (1400 core-s queued + 100 core-s left to running, over 2 side-task core(s)"));
    }

    [Test]
    public void History_PrintsTheEnqueueTransitionsAndNotesInOrder()
    {
        var history = new ExecutionHistory { Execution = new Execution { ExecutionId = "e1", TaskName = "reduce", State = ExecutionState.Running } };
        history.Entries.Add(new HistoryEntry { AtUnixMs = 1000, Transition = new Transition { To = ExecutionState.Queued, AtUnixMs = 1000, Reason = "enqueued" } });
        history.Entries.Add(new HistoryEntry { AtUnixMs = 2000, Note = "waiting: memory: needs 2G" });
        history.Entries.Add(new HistoryEntry { AtUnixMs = 3000, Transition = new Transition { From = ExecutionState.Queued, To = ExecutionState.Starting, AtUnixMs = 3000, Reason = "placed on CPUs 1" } });
        var lines = HistoryFormat.Text(history).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[0], Is.EqualTo("e1 (reduce): running"));
        Assert.That(lines[1], Does.EndWith("queued     enqueued"));
        Assert.That(lines[2], Does.Contain("note").And.EndWith("waiting: memory: needs 2G"));
        Assert.That(lines[3], Does.EndWith("queued    -> starting   placed on CPUs 1"));
    }
}
