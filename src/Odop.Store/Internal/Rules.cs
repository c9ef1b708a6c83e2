using Odop.Core.Executions;

namespace Odop.Store.Internal;

/// <summary>The checks both stores make, in one place so they cannot disagree.</summary>
internal static class Rules
{
    /// <summary>Refuses a batch that holds anything but fresh queued records, before anything is written.</summary>
    public static void ValidateEnqueue(IReadOnlyList<ExecutionRecord> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (var i = 0; i < batch.Count; i++)
        {
            var record = batch[i] ?? throw new ArgumentException($"element {i} of the batch is null", nameof(batch));
            if (record.State != ExecutionState.Queued || record.Transitions.Count != 0)
                throw new ArgumentException(
                    $"execution {record.Id} (element {i}) is {record.State.ToName()} with {record.Transitions.Count} transition(s); " +
                    "only fresh queued records can be enqueued", nameof(batch));
        }
    }

    public static void ValidateNotes(IReadOnlyList<ExecutionNote> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        for (var i = 0; i < notes.Count; i++)
        {
            if (notes[i] is null) throw new ArgumentException($"note {i} of the batch is null", nameof(notes));
            ArgumentException.ThrowIfNullOrWhiteSpace(notes[i].Text, $"notes[{i}].Text");
        }
    }

    public static void ValidateTransitions(IReadOnlyList<TransitionRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is null) throw new ArgumentException($"element {i} of the batch is null", nameof(requests));
            requests[i].Validate();
        }
    }

    /// <summary>
    /// Why a compare-and-swap is refused, or null when it may go ahead. A move the table never
    /// allows is <see cref="TransitionOutcome.Illegal"/> whatever the stored state.
    /// </summary>
    public static TransitionOutcome? Refusal(ExecutionState? stored, ExecutionState expectedFrom, ExecutionState to)
    {
        // expectedFrom == to is a note, not a move: any state may carry one.
        if (expectedFrom != to && !ExecutionStateMachine.CanTransition(expectedFrom, to)) return TransitionOutcome.Illegal;
        if (stored is null) return TransitionOutcome.NotFound;
        if (stored != expectedFrom) return TransitionOutcome.StateMismatch;
        return null;
    }

    /// <summary>Task filter: the task id or the profile name, ignoring ASCII case (as SQLite's NOCASE does).</summary>
    public static bool TaskMatches(string taskId, string? taskName, string query) =>
        AsciiEqualsIgnoreCase(taskId, query) || (taskName is not null && AsciiEqualsIgnoreCase(taskName, query));

    private static bool AsciiEqualsIgnoreCase(string a, string b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (Fold(a[i]) != Fold(b[i])) return false;
        return true;

        static char Fold(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
    }

    /// <summary>Times are kept as UTC ticks: the instant survives, the offset does not.</summary>
    public static long ToTicks(DateTimeOffset at) => at.UtcTicks;

    public static DateTimeOffset FromTicks(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset Utc(DateTimeOffset at) => FromTicks(at.UtcTicks);
}
