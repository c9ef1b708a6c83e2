using Odop.Core.Executions;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Core.Tests.Executions;

public class ExecutionRecordTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ExecutionId Id = ExecutionId.Parse("3f2b8c1e-0d4a-4c5e-9b7a-2e1f0c9d8a7b");

    // A legal path from queued to each state, used to put a record in any state.
    private static readonly Dictionary<ExecutionState, ExecutionState[]> PathTo = new()
    {
        [Queued] = [],
        [Starting] = [Starting],
        [Running] = [Starting, Running],
        [Paused] = [Starting, Running, Paused],
        [Succeeded] = [Starting, Running, Succeeded],
        [Failed] = [Starting, Failed],
        [TimedOut] = [Starting, Running, TimedOut],
        [Stopped] = [Stopped],
        [Skipped] = [Skipped],
        [Lost] = [Starting, Lost],
    };

    private static ExecutionRecord RecordIn(ExecutionState state)
    {
        var record = new ExecutionRecord(Id, "reduce", enqueueSequence: 1, T0);
        foreach (var step in PathTo[state]) record.TransitionTo(record.State, step, T0, "setup");
        Assert.That(record.State, Is.EqualTo(state));
        return record;
    }

    private static IEnumerable<TestCaseData> Pairs(bool legal) =>
        from source in Enum.GetValues<ExecutionState>()
        from target in Enum.GetValues<ExecutionState>()
        where ExecutionStateMachine.CanTransition(source, target) == legal
        select new TestCaseData(source, target).SetArgDisplayNames(source.ToString(), target.ToString());

    private static IEnumerable<TestCaseData> LegalPairs() => Pairs(legal: true);
    private static IEnumerable<TestCaseData> IllegalPairs() => Pairs(legal: false);

    [TestCaseSource(nameof(LegalPairs))]
    public void TransitionTo_ALegalMove_IsRecordedWithTimeAndReason(ExecutionState from, ExecutionState to)
    {
        var record = RecordIn(from);
        var before = record.Transitions.Count;

        var t = record.TransitionTo(from, to, T0.AddSeconds(5), "because");

        Assert.That(record.State, Is.EqualTo(to));
        Assert.That(t, Is.EqualTo(new StateTransition(from, to, T0.AddSeconds(5), "because")));
        Assert.That(record.Transitions, Has.Count.EqualTo(before + 1));
        Assert.That(record.Transitions[^1], Is.EqualTo(t));
        Assert.That(record.Reason, Is.EqualTo("because"));
        Assert.That(record.StateSince, Is.EqualTo(T0.AddSeconds(5)));
    }

    [TestCaseSource(nameof(IllegalPairs))]
    public void TransitionTo_AnIllegalMove_IsRefusedAndChangesNothing(ExecutionState from, ExecutionState to)
    {
        var record = RecordIn(from);
        var before = record.Transitions.ToList();

        var ex = Assert.Throws<IllegalTransitionException>(() => record.TransitionTo(null, to, T0, "nope"));

        Assert.That(ex!.From, Is.EqualTo(from));
        Assert.That(ex.To, Is.EqualTo(to));
        Assert.That(ex.ExecutionId, Is.EqualTo(Id));
        Assert.That(ex.Message, Is.EqualTo($"execution {Id}: cannot go from {from.ToName()} to {to.ToName()}"));
        Assert.That(record.State, Is.EqualTo(from));
        Assert.That(record.Transitions, Is.EqualTo(before));
        Assert.That(record.TryTransitionTo(null, to, T0, "nope"), Is.False);
    }

    [Test]
    public void TransitionTo_RefusesWhenTheStateIsNotTheExpectedOne()
    {
        var record = RecordIn(Running);
        // The scheduler decided to pause it from a view where it was still starting.
        var ex = Assert.Throws<IllegalTransitionException>(() => record.TransitionTo(Starting, Paused, T0, "reclaim"));
        Assert.That(ex!.ExpectedFrom, Is.EqualTo(Starting));
        Assert.That(ex.From, Is.EqualTo(Running));
        Assert.That(ex.Message, Does.Contain("expected it starting but it is running; not moving it to paused"));
        Assert.That(record.State, Is.EqualTo(Running));
        Assert.That(record.TryTransitionTo(Starting, Paused, T0, "reclaim"), Is.False);
        Assert.That(record.TryTransitionTo(Running, Paused, T0, "reclaim"), Is.True);
    }

    [Test]
    public void SecondFinish_IsRefused_SoAnExecutionEndsOnce()
    {
        var record = RecordIn(Running);
        Assert.That(record.TryTransitionTo(Running, Succeeded, T0, "exit 0"), Is.True);
        Assert.That(record.TryTransitionTo(Running, Failed, T0, "exit 1"), Is.False);
        Assert.That(record.State, Is.EqualTo(Succeeded));
    }

    [Test]
    public void Times_AndAttempts_FollowTheTransitions()
    {
        var record = new ExecutionRecord(Id, "reduce", 7, T0);
        Assert.That(record.StateSince, Is.EqualTo(T0));
        Assert.That(record.Reason, Is.Null);
        record.TransitionTo(Queued, Starting, T0.AddSeconds(1), "placed");
        record.TransitionTo(Starting, Lost, T0.AddSeconds(2), "engine gone");
        record.TransitionTo(Lost, Queued, T0.AddSeconds(3), "retry");
        record.TransitionTo(Queued, Starting, T0.AddSeconds(4), "placed");
        record.TransitionTo(Starting, Running, T0.AddSeconds(5), "started");
        record.TransitionTo(Running, Paused, T0.AddSeconds(6), "reclaimed");
        record.TransitionTo(Paused, Running, T0.AddSeconds(7), "idle again");
        Assert.That(record.EndedAt, Is.Null);
        record.TransitionTo(Running, Succeeded, T0.AddSeconds(8), "exit 0");

        Assert.That(record.Attempts, Is.EqualTo(2));
        Assert.That(record.StartedAt, Is.EqualTo(T0.AddSeconds(5)));
        Assert.That(record.EndedAt, Is.EqualTo(T0.AddSeconds(8)));
        Assert.That(record.Transitions, Has.Count.EqualTo(8));
    }

    [Test]
    public void TransitionTo_RequiresAReason() =>
        Assert.Throws<ArgumentException>(() => RecordIn(Queued).TransitionTo(Queued, Starting, T0, " "));

    [Test]
    public void Restore_ReplaysAStoredHistory()
    {
        var original = RecordIn(Paused);
        var restored = ExecutionRecord.Restore(Id, "reduce", 1, T0, original.Transitions);
        Assert.That(restored.State, Is.EqualTo(Paused));
        Assert.That(restored.Transitions, Is.EqualTo(original.Transitions));
        Assert.That(restored.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void Restore_RefusesAHistoryTheTableDoesNotAllow()
    {
        var history = new[] { new StateTransition(Queued, Running, T0, "skipped starting") };
        Assert.Throws<IllegalTransitionException>(() => ExecutionRecord.Restore(Id, "reduce", 1, T0, history));
    }
}
