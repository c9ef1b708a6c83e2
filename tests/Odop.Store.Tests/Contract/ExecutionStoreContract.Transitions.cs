using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Hardware;
using Odop.Core.Profiles;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Contract;

public abstract partial class ExecutionStoreContract
{
    [Test]
    public async Task TryTransition_FromTheExpectedState_AppliesAndRecordsTheMove()
    {
        var record = await EnqueuedAsync();
        var at = new DateTimeOffset(2025, 3, 1, 13, 0, 0, TimeSpan.FromHours(1));

        var result = await Store.TryTransitionAsync(record.Id, Queued, Starting, at, "placed on 2 idle cores");

        Assert.That(result, Is.EqualTo(new TransitionResult(record.Id, TransitionOutcome.Applied, Starting,
            new StateTransition(Queued, Starting, at, "placed on 2 idle cores"))));
        var stored = await Store.GetAsync(record.Id);
        Assert.That(stored!.State, Is.EqualTo(Starting));
        Assert.That(stored.Transitions, Is.EqualTo(new[] { new StateTransition(Queued, Starting, at, "placed on 2 idle cores") }));
        Assert.That(stored.Attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task TryTransition_WhenSomeoneMovedItFirst_IsAStateMismatchAndChangesNothing()
    {
        var record = await InStateAsync(Running);

        var result = await Store.TryTransitionAsync(record.Id, Queued, Starting, T0.AddHours(1), "stale decision",
            new ExecutionChanges { Placement = CpuSet.Of(7), Pid = 1 });

        Assert.That(result.Outcome, Is.EqualTo(TransitionOutcome.StateMismatch));
        Assert.That(result.ActualState, Is.EqualTo(Running));
        Assert.That(result.Recorded, Is.Null);
        var stored = await Store.GetAsync(record.Id);
        Assert.That(stored!.State, Is.EqualTo(Running));
        Assert.That(stored.Transitions, Has.Count.EqualTo(2));
        Assert.That(stored.Placement, Is.EqualTo(CpuSet.Empty), "changes of a refused move are not written");
        Assert.That(stored.Pid, Is.Null);
    }

    [Test]
    public async Task TryTransition_AMoveTheTableForbids_IsIllegalAndChangesNothing()
    {
        var record = await InStateAsync(Succeeded);

        var result = await Store.TryTransitionAsync(record.Id, Succeeded, Running, T0.AddHours(1), "resurrect");

        Assert.That(result.Outcome, Is.EqualTo(TransitionOutcome.Illegal));
        Assert.That(result.ActualState, Is.EqualTo(Succeeded));
        Assert.That((await Store.GetAsync(record.Id))!.Transitions, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task TryTransition_AnUnknownId_IsNotFound()
    {
        var result = await Store.TryTransitionAsync(ExecutionId.New(), Queued, Starting, T0, "nothing there");

        Assert.That(result.Outcome, Is.EqualTo(TransitionOutcome.NotFound));
        Assert.That(result.ActualState, Is.Null);
    }

    [Test]
    public async Task TryTransition_WithoutAReason_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.TryTransitionAsync(ExecutionId.New(), Queued, Starting, T0, " "));
    }

    [Test]
    public async Task TryTransition_WritesItsChangesWithTheMove_AndNullsLeaveFieldsAsTheyAre()
    {
        var record = await EnqueuedAsync();
        var usage = new MeasuredUsage(cpuSeconds: 12.5, peakRssBytes: 1 << 20, peakThreads: 4, wallSeconds: 20);

        await Store.TryTransitionAsync(record.Id, Queued, Starting, T0, "placed",
            new ExecutionChanges { Node = "n02", Placement = CpuSet.Parse("6-7") });
        await Store.TryTransitionAsync(record.Id, Starting, Running, T0.AddSeconds(1), "engine started it", new ExecutionChanges { Pid = 4242 });
        await Store.TryTransitionAsync(record.Id, Running, Succeeded, T0.AddSeconds(21), "exited 0",
            new ExecutionChanges { ExitCode = 0, Usage = usage, Placement = CpuSet.Empty });

        var stored = await Store.GetAsync(record.Id);
        Assert.That(stored!.Node, Is.EqualTo("n02"));
        Assert.That(stored.Placement, Is.EqualTo(CpuSet.Empty));
        Assert.That(stored.Pid, Is.EqualTo(4242));
        Assert.That(stored.ExitCode, Is.EqualTo(0));
        Assert.That(stored.Usage, Is.EqualTo(usage));
        Assert.That(stored.StartedAt, Is.EqualTo(T0.AddSeconds(1)));
        Assert.That(stored.EndedAt, Is.EqualTo(T0.AddSeconds(21)));
    }

    [Test]
    public async Task Transitions_AreKeptInTheOrderTheyHappened_WithTheirReasons()
    {
        var record = await EnqueuedAsync();
        (ExecutionState To, string Reason)[] life =
        [
            (Starting, "placed"), (Running, "started"), (Paused, "simulation reclaimed core 6"),
            (Running, "core 6 idle again"), (Lost, "engine gone"), (Queued, "retry 1 of 2"),
            (Starting, "placed again"), (Running, "started again"), (Succeeded, "exited 0"),
        ];
        var from = Queued;
        var expected = new List<StateTransition>();
        for (var i = 0; i < life.Length; i++)
        {
            var at = T0.AddSeconds(i);
            Assert.That((await Store.TryTransitionAsync(record.Id, from, life[i].To, at, life[i].Reason)).Applied, Is.True);
            expected.Add(new StateTransition(from, life[i].To, at, life[i].Reason));
            from = life[i].To;
        }

        var stored = await Store.GetAsync(record.Id);

        Assert.That(stored!.Transitions, Is.EqualTo(expected));
        Assert.That(stored.State, Is.EqualTo(Succeeded));
        Assert.That(stored.Reason, Is.EqualTo("exited 0"));
        Assert.That(stored.Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task Apply_CommitsEveryAcceptedMoveAndReportsTheRefusedOnesWithoutAbortingTheRest()
    {
        var a = await EnqueuedAsync();
        var b = await InStateAsync(Running);
        var c = await EnqueuedAsync();
        var unknown = ExecutionId.New();

        var results = await Store.ApplyAsync(
        [
            new TransitionRequest(a.Id, Queued, Starting, T0, "placed", new ExecutionChanges { Placement = CpuSet.Of(1) }),
            new TransitionRequest(b.Id, Queued, Starting, T0, "stale"),
            new TransitionRequest(unknown, Running, Paused, T0, "no such execution"),
            new TransitionRequest(c.Id, Queued, Succeeded, T0, "not allowed"),
            new TransitionRequest(c.Id, Queued, Skipped, T0, "user skipped it"),
        ]);

        Assert.That(results.Select(r => r.Outcome), Is.EqualTo(new[]
        {
            TransitionOutcome.Applied, TransitionOutcome.StateMismatch, TransitionOutcome.NotFound,
            TransitionOutcome.Illegal, TransitionOutcome.Applied,
        }));
        Assert.That((await Store.GetAsync(a.Id))!.Placement, Is.EqualTo(CpuSet.Of(1)));
        Assert.That((await Store.GetAsync(b.Id))!.State, Is.EqualTo(Running));
        Assert.That((await Store.GetAsync(c.Id))!.State, Is.EqualTo(Skipped));
    }

    [Test]
    public async Task Apply_SeveralMovesOfOneExecution_EachSeesTheOneBefore()
    {
        var record = await InStateAsync(Running);

        var results = await Store.ApplyAsync(
        [
            new TransitionRequest(record.Id, Running, Paused, T0.AddSeconds(1), "core reclaimed"),
            new TransitionRequest(record.Id, Paused, Running, T0.AddSeconds(2), "core idle"),
            new TransitionRequest(record.Id, Paused, Running, T0.AddSeconds(3), "duplicate resume"),
        ]);

        Assert.That(results.Select(r => r.Outcome),
            Is.EqualTo(new[] { TransitionOutcome.Applied, TransitionOutcome.Applied, TransitionOutcome.StateMismatch }));
        var stored = await Store.GetAsync(record.Id);
        Assert.That(stored!.Transitions.Select(t => t.To).TakeLast(2), Is.EqualTo(new[] { Paused, Running }));
    }

    [Test]
    public async Task Apply_AnEmptyBatch_ReturnsNoResults()
    {
        Assert.That(await Store.ApplyAsync([]), Is.Empty);
    }
}
