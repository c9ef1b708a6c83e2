namespace Odop.Scheduling.Policies;

/// <summary>Collects one round's commands and refusals; allocates only when there is something to say.</summary>
internal sealed class DecisionBuilder(int maxExplained)
{
    private List<SchedulerCommand>? _commands;
    private List<Refusal>? _refusals;

    public int Refused { get; private set; }
    public int CommandCount => _commands?.Count ?? 0;

    /// <summary>True while another refusal would be explained; callers build the reason string only then.</summary>
    public bool Explains => (_refusals?.Count ?? 0) < maxExplained;

    public void Add(SchedulerCommand command)
    {
        // A later tier of the same round (gap filling) may start what the queue walk refused: the refusal no longer holds.
        if (command is Start && _refusals?.FindIndex(r => r.ExecutionId == command.ExecutionId) is >= 0 and var at) _refusals.RemoveAt(at);
        (_commands ??= []).Add(command);
    }

    public void Refuse() => Refused++;

    public void Refuse(string executionId, string filter, string reason) => Refuse(new Refusal(executionId, filter, reason));

    public void Refuse(Refusal refusal)
    {
        Refused++;
        (_refusals ??= []).Add(refusal);
    }

    public SchedulingDecision Build(RoundSummary summary) =>
        _commands is null && _refusals is null && Refused == 0 && ReferenceEquals(summary, RoundSummary.None)
            ? SchedulingDecision.Nothing
            : new SchedulingDecision(_commands ?? (IReadOnlyList<SchedulerCommand>)[], _refusals ?? (IReadOnlyList<Refusal>)[], Refused, summary);
}
