using System.Text.Json.Nodes;
using Odop.Core.Hardware;
using Odop.Core.Profiles;
using Odop.Core.Workflow;

namespace Odop.Core.Executions;

/// <summary>
/// Everything known about one execution. Mutable and owned by one thread (the agent's event loop);
/// its state changes only through <see cref="TransitionTo"/>, which records every move.
/// </summary>
public sealed class ExecutionRecord
{
    private readonly List<StateTransition> _transitions = [];

    public ExecutionRecord(ExecutionId id, string taskId, long enqueueSequence, DateTimeOffset enqueuedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        Id = id;
        TaskId = taskId;
        EnqueueSequence = enqueueSequence;
        EnqueuedAt = enqueuedAt;
    }

    public ExecutionId Id { get; }

    /// <summary>As the queue element gave it: a profile's task_id or name.</summary>
    public string TaskId { get; }

    /// <summary>The resolved profile's metadata.name, once known.</summary>
    public string? TaskName { get; set; }
    public int Priority { get; set; }

    /// <summary>Who it may share side-task cores with: the queue element's class, else the profile's.</summary>
    public ExecutionClass Class { get; set; }

    /// <summary>The queue element's execution_option, passed to the task.</summary>
    public JsonObject ExecutionOption { get; set; } = [];

    /// <summary>Order of arrival; breaks priority ties first-come first-served.</summary>
    public long EnqueueSequence { get; }
    public DateTimeOffset EnqueuedAt { get; }

    /// <summary>When the current attempt started running.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>When it reached a terminal state.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>How many times it has entered starting; retries after lost count here.</summary>
    public int Attempts { get; private set; }

    /// <summary>Dependencies, retry policy and group, as enqueued; <see cref="ExecutionWorkflow.None"/> when it has none.</summary>
    public ExecutionWorkflow Workflow { get; set; } = ExecutionWorkflow.None;

    /// <summary>How many times a failed or lost attempt was queued again under a retry policy.</summary>
    public int Retries { get; set; }

    /// <summary>Queued again after a failure: not offered to the scheduler before this time (the backoff).</summary>
    public DateTimeOffset? NotBefore { get; set; }

    public string? Node { get; set; }
    public CpuSet Placement { get; set; } = CpuSet.Empty;
    public int? Pid { get; set; }
    public int? ExitCode { get; set; }
    public MeasuredUsage? Usage { get; set; }

    public ExecutionState State { get; private set; } = ExecutionState.Queued;

    /// <summary>Why it is in its current state; null while still in the initial queued state. Notes do not count.</summary>
    public string? Reason => LastMove()?.Reason;

    public DateTimeOffset StateSince => LastMove()?.At ?? EnqueuedAt;

    private StateTransition? LastMove()
    {
        for (var i = _transitions.Count - 1; i >= 0; i--)
            if (!_transitions[i].IsNote) return _transitions[i];
        return null;
    }

    public IReadOnlyList<StateTransition> Transitions => _transitions;

    /// <summary>
    /// Moves to <paramref name="to"/> if the table allows it and, when <paramref name="expectedFrom"/>
    /// is given, only if the record is still in that state (compare-and-swap: a decision made on a
    /// stale view is refused instead of overwriting a newer state).
    /// </summary>
    /// <exception cref="IllegalTransitionException">The move was refused; nothing changed.</exception>
    public StateTransition TransitionTo(ExecutionState? expectedFrom, ExecutionState to, DateTimeOffset at, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (expectedFrom is { } expected && expected != State)
            throw new IllegalTransitionException(Id, State, to, expected);
        if (!ExecutionStateMachine.CanTransition(State, to))
            throw new IllegalTransitionException(Id, State, to);

        var transition = new StateTransition(State, to, at, reason);
        _transitions.Add(transition);
        State = to;
        if (to == ExecutionState.Starting) Attempts++;
        if (to == ExecutionState.Running && transition.From == ExecutionState.Starting) StartedAt = at;
        if (to.IsTerminal()) EndedAt = at;
        return transition;
    }

    /// <summary>
    /// Records something that happened without changing the state (a new priority, the outcome of an
    /// on_timeout command): a history entry whose from and to are both the current state.
    /// </summary>
    public StateTransition AddNote(DateTimeOffset at, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var note = new StateTransition(State, State, at, reason);
        _transitions.Add(note);
        return note;
    }

    /// <summary>Like <see cref="TransitionTo"/>, but answers false instead of throwing when refused.</summary>
    public bool TryTransitionTo(ExecutionState? expectedFrom, ExecutionState to, DateTimeOffset at, string reason)
    {
        if ((expectedFrom is { } expected && expected != State) || !ExecutionStateMachine.CanTransition(State, to)) return false;
        TransitionTo(expectedFrom, to, at, reason);
        return true;
    }

    /// <summary>
    /// Rebuilds a record from its stored history (e.g. after an agent restart) by replaying each
    /// transition, so a history the table does not allow is refused rather than trusted.
    /// </summary>
    public static ExecutionRecord Restore(
        ExecutionId id, string taskId, long enqueueSequence, DateTimeOffset enqueuedAt, IEnumerable<StateTransition> history)
    {
        var record = new ExecutionRecord(id, taskId, enqueueSequence, enqueuedAt);
        foreach (var t in history)
        {
            if (!t.IsNote) record.TransitionTo(t.From, t.To, t.At, t.Reason);
            else if (t.From == record.State) record.AddNote(t.At, t.Reason);
            else throw new IllegalTransitionException(id, record.State, t.To, t.From);
        }
        return record;
    }
}
