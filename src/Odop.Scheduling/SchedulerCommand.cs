using Odop.Core.Hardware;

namespace Odop.Scheduling;

/// <summary>
/// What the scheduler asks the agent to do with one execution. Each carries a reason a person can
/// read. The scheduler assumes every command it returns is carried out; one that fails is reported
/// back as an ended execution.
/// </summary>
public abstract record SchedulerCommand(string ExecutionId, string Reason);

/// <summary>Start on <paramref name="Cpus"/>; an empty set means unpinned (the naive baseline).</summary>
public sealed record Start(string ExecutionId, CpuSet Cpus, string Reason) : SchedulerCommand(ExecutionId, Reason)
{
    /// <summary>Per chosen core, each scorer's score: the answer to "why here?". Empty for the baselines.</summary>
    public IReadOnlyList<CoreScore> Scores { get; init; } = [];
}

/// <summary>Move a running execution to <paramref name="Cpus"/>.</summary>
public sealed record SetAffinity(string ExecutionId, CpuSet Cpus, string Reason) : SchedulerCommand(ExecutionId, Reason)
{
    public IReadOnlyList<CoreScore> Scores { get; init; } = [];
}

/// <summary>Stop the execution's processes (SIGSTOP) and give its cores back; it keeps its memory.</summary>
public sealed record Pause(string ExecutionId, string Reason) : SchedulerCommand(ExecutionId, Reason);

/// <summary>Continue a paused execution, pinned to <paramref name="Cpus"/> (null: where it was).</summary>
public sealed record Resume(string ExecutionId, CpuSet? Cpus, string Reason) : SchedulerCommand(ExecutionId, Reason)
{
    public IReadOnlyList<CoreScore> Scores { get; init; } = [];
}

/// <summary>Paused too long: stop the execution and queue it again.</summary>
public sealed record StopAndRequeue(string ExecutionId, string Reason) : SchedulerCommand(ExecutionId, Reason);

/// <summary>Why one core was chosen: the weighted total and each scorer's part.</summary>
public sealed record CoreScore(int Core, double Total, IReadOnlyList<ScorerScore> Parts)
{
    public override string ToString() => $"core {Core}: {Total:F2} ({string.Join(", ", Parts)})";
}

/// <summary>One scorer's score for one core, 0..1, and the weight it carried.</summary>
public readonly record struct ScorerScore(string Scorer, double Score, double Weight)
{
    public override string ToString() => $"{Scorer} {Score:F2}×{Weight:G3}";
}
