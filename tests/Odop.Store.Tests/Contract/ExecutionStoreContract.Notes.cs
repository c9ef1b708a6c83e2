using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Profiles;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Store.Tests.Contract;

// Notes (from == to) and what rides on them: a new priority, an on_timeout outcome, the class kept per execution.
public abstract partial class ExecutionStoreContract
{
    [Test]
    public async Task Note_OnAQueuedExecution_WithAPriorityChange_ReordersTheQueueAndIsInTheHistory()
    {
        var first = await EnqueuedAsync();
        var second = await EnqueuedAsync();
        var last = await EnqueuedAsync();

        var result = await Store.TryTransitionAsync(last.Id, Queued, Queued, T0.AddMinutes(5), "priority 0 → 7 (set by user)",
            new ExecutionChanges { Priority = 7 });

        Assert.That(result.Outcome, Is.EqualTo(TransitionOutcome.Applied));
        var stored = (await Store.GetAsync(last.Id))!;
        Assert.That(stored.Priority, Is.EqualTo(7));
        Assert.That(stored.State, Is.EqualTo(Queued));
        Assert.That(stored.Transitions, Is.EqualTo(new[] { new StateTransition(Queued, Queued, T0.AddMinutes(5), "priority 0 → 7 (set by user)") }));
        Assert.That(stored.Reason, Is.Null, "a note is not a reason for the state");
        var recovered = await Store.LoadLiveAndQueuedAsync();
        Assert.That(recovered.Queued.Select(r => r.Id), Is.EqualTo(new[] { last.Id, first.Id, second.Id }));
        Assert.That((await Store.ClaimNextAsync(T0.AddMinutes(6), "placed"))!.Id, Is.EqualTo(last.Id));
    }

    [Test]
    public async Task Note_ExpectingAStateItLeft_IsAStateMismatchAndChangesNothing()
    {
        var record = await InStateAsync(Running);

        var result = await Store.TryTransitionAsync(record.Id, Queued, Queued, T0.AddHours(1), "priority 0 → 3",
            new ExecutionChanges { Priority = 3 });

        Assert.That(result.Outcome, Is.EqualTo(TransitionOutcome.StateMismatch));
        var stored = (await Store.GetAsync(record.Id))!;
        Assert.That(stored.Priority, Is.Zero);
        Assert.That(stored.Transitions, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Note_OnAFinishedExecution_IsKeptInOrder_AndLeavesTheEndTimeAndReasonAlone()
    {
        var record = await InStateAsync(TimedOut, at: T0);
        var ended = (await Store.GetAsync(record.Id))!.EndedAt;

        var result = await Store.TryTransitionAsync(record.Id, TimedOut, TimedOut, T0.AddHours(2), "on_timeout: exit 0");

        Assert.That(result.Outcome, Is.EqualTo(TransitionOutcome.Applied));
        var stored = (await Store.GetAsync(record.Id))!;
        Assert.That(stored.Transitions[^1], Is.EqualTo(new StateTransition(TimedOut, TimedOut, T0.AddHours(2), "on_timeout: exit 0")));
        Assert.That(stored.Transitions[^1].IsNote, Is.True);
        Assert.That(stored.EndedAt, Is.EqualTo(ended));
        Assert.That(stored.Reason, Is.EqualTo("to timed_out"));
        Assert.That(await Store.PurgeAsync(T0.AddHours(1)), Is.EqualTo(1), "purged by its end, not by its last note");
    }

    [Test]
    public async Task Note_OnAnUnknownId_IsNotFound()
    {
        var result = await Store.TryTransitionAsync(ExecutionId.New(), Queued, Queued, T0, "priority 0 → 1", new ExecutionChanges { Priority = 1 });

        Assert.That(result.Outcome, Is.EqualTo(TransitionOutcome.NotFound));
    }

    [Test]
    public async Task Enqueue_KeepsEachExecutionsClass()
    {
        var exclusive = NewRecord();
        exclusive.Class = ExecutionClass.Exclusive;
        var background = NewRecord();
        background.Class = ExecutionClass.Background;
        var normal = NewRecord();

        await Store.EnqueueAsync([exclusive, background, normal]);

        Assert.That((await Store.GetAsync(exclusive.Id))!.Class, Is.EqualTo(ExecutionClass.Exclusive));
        Assert.That((await Store.GetAsync(background.Id))!.Class, Is.EqualTo(ExecutionClass.Background));
        Assert.That((await Store.GetAsync(normal.Id))!.Class, Is.EqualTo(ExecutionClass.Normal));
        Assert.That((await Store.LoadLiveAndQueuedAsync()).Queued.Select(r => r.Class),
            Is.EqualTo(new[] { ExecutionClass.Exclusive, ExecutionClass.Background, ExecutionClass.Normal }));
    }
}
