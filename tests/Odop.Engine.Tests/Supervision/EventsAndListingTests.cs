using System.Text.Json.Nodes;
using Odop.Core.Hardware;
using Odop.Engine.Supervision;
using Odop.Engine.Tests.Support;

namespace Odop.Engine.Tests.Supervision;

public sealed class EventsAndListingTests : SupervisorTestBase
{
    [Test]
    public async Task Subscribe_WithCurrent_GivesKnownExecutionsThenLiveEventsInOrder()
    {
        var before = await Exited(StartCommand("true"));
        using var events = Supervisor.Subscribe(includeCurrent: true);

        var e = StartCommand("sleep", "60");
        Supervisor.Pause(e.ExecutionId);
        Supervisor.Resume(e.ExecutionId);
        Supervisor.Stop(e.ExecutionId, TimeSpan.FromSeconds(30));

        var seen = new List<ExecutionEvent>();
        using var cts = new CancellationTokenSource(SafetyTimeout);
        await foreach (var ev in events.WithCancellation(cts.Token))
        {
            seen.Add(ev);
            if (ev.Kind == ExecutionEventKind.Exited) break;
        }

        Assert.That(seen.Select(s => (s.Kind, s.Execution.ExecutionId)), Is.EqualTo(new[]
        {
            (ExecutionEventKind.Current, before.ExecutionId),
            (ExecutionEventKind.Started, e.ExecutionId),
            (ExecutionEventKind.Paused, e.ExecutionId),
            (ExecutionEventKind.Resumed, e.ExecutionId),
            (ExecutionEventKind.Exited, e.ExecutionId),
        }));
        Assert.That(seen[^1].Execution.StopRequested, Is.True);
    }

    [Test]
    public async Task Subscribe_SeesStartFailures()
    {
        using var events = Supervisor.Subscribe(includeCurrent: false);
        StartCommand("/nonexistent/odop-task");
        using var cts = new CancellationTokenSource(SafetyTimeout);
        var ev = await events.Reader.ReadAsync(cts.Token);
        Assert.That(ev.Kind, Is.EqualTo(ExecutionEventKind.StartFailed));
        Assert.That(ev.Execution.Error, Does.Contain("/nonexistent/odop-task"));
    }

    [Test]
    public async Task ExitedExecutions_StayListedForTheRetentionTimeOnly()
    {
        var done = await Exited(StartCommand("true"));
        Time.Offset = TimeSpan.FromMinutes(9);
        Assert.That(Supervisor.List().Select(e => e.ExecutionId), Does.Contain(done.ExecutionId));
        Assert.That(Supervisor.Get(done.ExecutionId).EndedAt, Is.Not.Null);

        Time.Offset = TimeSpan.FromMinutes(11);
        Assert.That(Supervisor.List(), Is.Empty);
        Assert.Throws<ExecutionNotFoundException>(() => Supervisor.Get(done.ExecutionId));
    }

    [Test]
    public async Task List_ShowsLiveExecutionsWithPidAndCpus()
    {
        var e = Start(new JsonObject { ["command"] = new JsonArray("sleep", "60") }, cpus: CpuSet.Of(0));
        await Eventually(() => Supervisor.Get(e.ExecutionId).Usage.PeakThreads >= 1, "a sample was taken");
        var listed = Supervisor.List().Single();
        Assert.That(listed.Pid, Is.EqualTo(e.Pid));
        Assert.That(listed.State, Is.EqualTo(ExecutionProcessState.Running));
        Assert.That(listed.Cpus, Is.EqualTo(CpuSet.Of(0)));
        Assert.That(listed.StdoutPath, Is.EqualTo(Path.Combine(LogDir, e.ExecutionId + ".out")));
        Assert.That(listed.EndedAt, Is.Null);
    }
}
