namespace Odop.Scheduling;

/// <summary>The outcome of one round.</summary>
/// <param name="Commands">What to do, in order: reclaims (moves, pauses), requeues, resumes, then starts.</param>
/// <param name="Refusals">Why queued executions were not started, for the first few refused (see <see cref="SchedulerOptions.MaxExplainedRefusals"/>).</param>
/// <param name="RefusedCount">How many queued executions were looked at and refused this round.</param>
/// <param name="Summary">How the round saw the node (cores left after each filter); the baselines give <see cref="RoundSummary.None"/>.</param>
public sealed record SchedulingDecision(IReadOnlyList<SchedulerCommand> Commands, IReadOnlyList<Refusal> Refusals, int RefusedCount, RoundSummary Summary)
{
    public static readonly SchedulingDecision Nothing = new([], [], 0, RoundSummary.None);

    /// <summary>A one-line account of the round, e.g. why the queue was not walked at all; formatted on first read.</summary>
    public string Note => Summary.ToString();
}

/// <summary>Why one execution was not started: which stage refused and its reason.</summary>
public sealed record Refusal(string ExecutionId, string Filter, string Reason);
