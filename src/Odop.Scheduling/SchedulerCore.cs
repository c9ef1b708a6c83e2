using Odop.Core.Hardware;
using Odop.Core.Profiles;
using Odop.Scheduling.Policies;
using Odop.Scheduling.Prediction;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling;

/// <summary>
/// The node's side-task scheduler: samples, facts and the queue in; commands out. It holds the side
/// tasks it started (running or paused, and where), the per-core predictor and the policy settings.
/// Pure and deterministic: no clock (time comes in <see cref="SchedulingInput.Now"/>), no I/O, no
/// threads; the same sequence of inputs gives the same commands. Not thread-safe: one caller.
/// </summary>
public sealed class SchedulerCore
{
    private readonly TaskBook _book = new();
    private readonly IPolicy _policy;

    public SchedulerCore(SchedulerOptions? options = null)
    {
        Options = (options ?? new SchedulerOptions()).Validated();
        Predictor = new NodePredictor(Options.Predictor);
        _policy = Options.Policy switch
        {
            PolicyKind.Naive => new NaivePolicy(_book),
            PolicyKind.Threshold => new ThresholdPolicy(Options, _book),
            PolicyKind.Static => new StaticPolicy(Options, _book),
            _ => new OdopPolicy(Options, _book, Predictor),
        };
    }

    public SchedulerOptions Options { get; }

    /// <summary>Per-core forecasts, for explanations ("why is core 5 not idle?"). Fed only by the odop policy.</summary>
    public NodePredictor Predictor { get; }

    /// <summary>The side tasks held now, in start order.</summary>
    public IReadOnlyList<SideTaskState> Tasks =>
        [.. _book.InOrder.Select(t => new SideTaskState(t.Id, t.Cpus, t.Paused, t.Paused ? t.PausedSince : null, t.LastMovedAt))];

    /// <summary>
    /// One round: forgets ended executions, feeds the samples, and returns what to do. Every command
    /// returned is assumed carried out; report a failed one back through <see cref="SchedulingInput.Ended"/>.
    /// </summary>
    public SchedulingDecision Decide(SchedulingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Ended.Count > 0) _book.Forget(input.Ended);
        return _policy.Decide(input);
    }

    /// <summary>
    /// Takes over a side task already running (e.g. found by the engine after an agent restart) so
    /// that its cores count as leased and it can be reclaimed. Does nothing if it is already held.
    /// </summary>
    public void Adopt(string executionId, CpuSet cpus, TimeSpan now, int cores = 1, bool paused = false, bool forced = false,
        ExecutionClass executionClass = ExecutionClass.Normal)
    {
        if (_book.Contains(executionId)) return;
        var task = _book.Add(executionId, Math.Max(Math.Max(1, cores), cpus.Count), 0, forced, cpus, now, executionClass);
        if (paused) _book.Pause(task, now);
    }

    internal OdopPolicy? Odop => _policy as OdopPolicy;
}
