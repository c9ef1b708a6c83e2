using Odop.Core.Executions;
using static Odop.Core.Executions.ExecutionState;

namespace Odop.Core.Tests.Executions;

public class ExecutionStateMachineTests
{
    // Written out again here, from DESIGN section 4, so a change to the table has to be made twice.
    private static readonly (ExecutionState From, ExecutionState To)[] Legal =
    [
        (Queued, Starting), (Queued, Skipped), (Queued, Stopped),
        (Starting, Running), (Starting, Failed), (Starting, Stopped), (Starting, Lost),
        (Running, Paused), (Running, Succeeded), (Running, Failed), (Running, TimedOut), (Running, Stopped), (Running, Lost),
        (Paused, Running), (Paused, Stopped), (Paused, TimedOut), (Paused, Lost), (Paused, Failed), (Paused, Succeeded),
        // A failed attempt with retries left is queued again before any terminal state is recorded.
        (Running, Queued), (Paused, Queued),
        (Lost, Queued), (Lost, Failed),
    ];

    private static IEnumerable<TestCaseData> AllPairs() =>
        from source in Enum.GetValues<ExecutionState>()
        from target in Enum.GetValues<ExecutionState>()
        select new TestCaseData(source, target, Legal.Contains((source, target))).SetArgDisplayNames(source.ToString(), target.ToString());

    [TestCaseSource(nameof(AllPairs))]
    public void CanTransition_MatchesTheDesignTable(ExecutionState from, ExecutionState to, bool legal) =>
        Assert.That(ExecutionStateMachine.CanTransition(from, to), Is.EqualTo(legal));

    [Test]
    public void TerminalAndLive_AreTheDocumentedSets()
    {
        var all = Enum.GetValues<ExecutionState>();
        Assert.That(all.Where(s => s.IsTerminal()), Is.EquivalentTo(new[] { Succeeded, Failed, TimedOut, Stopped, Skipped }));
        Assert.That(all.Where(s => s.IsLive()), Is.EquivalentTo(new[] { Starting, Running, Paused }));
    }

    [Test]
    public void Names_AreSnakeCase_AndParseBack()
    {
        Assert.That(TimedOut.ToName(), Is.EqualTo("timed_out"));
        foreach (var state in Enum.GetValues<ExecutionState>())
            Assert.That(ExecutionStateNames.Parse(state.ToName()), Is.EqualTo(state));
        var ex = Assert.Throws<OdopValidationException>(() => ExecutionStateNames.Parse("TimedOut"));
        Assert.That(ex!.Field, Is.EqualTo("state"));
    }
}
