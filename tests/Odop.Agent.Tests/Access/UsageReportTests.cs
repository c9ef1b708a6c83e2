using Odop.Agent.Access;
using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Hardware;
using Odop.Store;

namespace Odop.Agent.Tests.Access;

/// <summary>Core-seconds from stored history: pure, with made-up records and times.</summary>
public class UsageReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static ExecutionRecord Ran(string task, int cores, int startSecond, int endSecond, ExecutionState end = ExecutionState.Succeeded)
    {
        var record = new ExecutionRecord(ExecutionId.New(), task, 1, T0) { TaskName = task, Placement = CpuSet.Range(0, cores) };
        record.TransitionTo(ExecutionState.Queued, ExecutionState.Starting, T0.AddSeconds(startSecond), "placed");
        record.TransitionTo(ExecutionState.Starting, ExecutionState.Running, T0.AddSeconds(startSecond), "started");
        if (end != ExecutionState.Running) record.TransitionTo(ExecutionState.Running, end, T0.AddSeconds(endSecond), "ended");
        return record;
    }

    [Test]
    public void CoreSeconds_ArePlacementTimesOverlapWithTheWindow_PerUserTaskAndState()
    {
        var a = Ran("reduce", cores: 2, startSecond: 0, endSecond: 100);                               // 50 s in the window
        var b = Ran("reduce", cores: 1, startSecond: 60, endSecond: 80, ExecutionState.Failed);       // 20 s
        var c = Ran("upload", cores: 1, startSecond: 90, endSecond: 0, ExecutionState.Running);       // still running: until now
        var old = Ran("reduce", cores: 4, startSecond: 0, endSecond: 40);                             // before the window
        var owners = new Dictionary<string, string> { [a.Id.Value] = "alice", [b.Id.Value] = "alice", [c.Id.Value] = "bob" };
        var lease = new StoredLease("l1", "bob", CpuSet.Of(3, 4), T0.AddSeconds(100), T0.AddSeconds(300));

        var rows = UsageReport.Compute([a, b, c, old], owners, [lease], T0.AddSeconds(50), T0.AddSeconds(200), now: T0.AddSeconds(150));

        Assert.That(rows.Select(r => (r.User, r.Task, r.State, r.CoreSeconds, r.Executions)), Is.EqualTo(new[]
        {
            ("alice", "reduce", "failed", 20.0, 1),
            ("alice", "reduce", "succeeded", 100.0, 1),
            ("bob", "(lease)", "leased", 100.0, 0),
            ("bob", "upload", "running", 60.0, 1),
        }));
    }
}
