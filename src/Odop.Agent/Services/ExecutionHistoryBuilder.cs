using Odop.Protocol.V1;
using Odop.Store;

namespace Odop.Agent.Services;

/// <summary>Interleaves an execution's transitions and notes by time into the history `odop tasks history` prints.</summary>
internal static class ExecutionHistoryBuilder
{
    public static ExecutionHistory Build(Execution execution, IReadOnlyList<ExecutionNote> notes)
    {
        var entries = new List<HistoryEntry>
        {
            // The enqueue itself is not a transition (an execution is born queued); it opens the history.
            new()
            {
                AtUnixMs = execution.EnqueuedAtUnixMs,
                Transition = new Transition { From = ExecutionState.Unspecified, To = ExecutionState.Queued, AtUnixMs = execution.EnqueuedAtUnixMs, Reason = "enqueued" },
            },
        };
        entries.AddRange(execution.Transitions.Select(t => new HistoryEntry { AtUnixMs = t.AtUnixMs, Transition = t }));
        entries.AddRange(notes.Select(n => new HistoryEntry { AtUnixMs = n.At.ToUnixTimeMilliseconds(), Note = n.Text }));
        var history = new ExecutionHistory { Execution = execution.Clone() };
        history.Execution.Transitions.Clear();
        // Stable by time: at the same millisecond a transition comes before the note that followed it.
        history.Entries.AddRange(entries.Select((entry, i) => (entry, i))
            .OrderBy(x => x.entry.AtUnixMs).ThenBy(x => x.entry.EntryCase == HistoryEntry.EntryOneofCase.Note ? 1 : 0).ThenBy(x => x.i)
            .Select(x => x.entry));
        return history;
    }
}
