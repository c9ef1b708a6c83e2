using static Odop.Core.Executions.ExecutionState;

namespace Odop.Core.Executions;

/// <summary>
/// The legal moves between execution states (DESIGN section 4):
/// <code>
/// queued ─► starting ─► running ⇄ paused
///   │           │          ├─► succeeded | failed | timed_out | stopped
///   ├─► skipped └─► failed (could not start)
///   └─► stopped (cancelled before start)
/// starting | running | paused ─► lost (engine gone) ─► queued (retry) | failed (no retries left)
/// running | paused ─► queued (the attempt failed and retries remain: decided before any terminal state)
/// </code>
/// </summary>
public static class ExecutionStateMachine
{
    private static readonly Dictionary<ExecutionState, ExecutionState[]> Allowed = new()
    {
        [Queued] = [Starting, Skipped, Stopped],
        [Starting] = [Running, Failed, Stopped, Lost],
        // Running → queued: a failed attempt with retries left goes straight back to the queue (with
        // a not-before time), so a terminal state is only ever recorded once, for the last attempt.
        [Running] = [Paused, Succeeded, Failed, TimedOut, Stopped, Lost, Queued],
        // A paused process cannot finish by itself, but the engine may report an exit that raced
        // the SIGSTOP, or a kill from outside (OOM killer); refusing those would leave the record
        // stuck in paused. The time limit and stop keep counting while paused.
        [Paused] = [Running, Stopped, TimedOut, Lost, Failed, Succeeded, Queued],
        [Lost] = [Queued, Failed],
        [Succeeded] = [],
        [Failed] = [],
        [TimedOut] = [],
        [Stopped] = [],
        [Skipped] = [],
    };

    public static bool CanTransition(ExecutionState from, ExecutionState to) => Allowed[from].Contains(to);

    /// <summary>The states <paramref name="from"/> may move to.</summary>
    public static IReadOnlyList<ExecutionState> AllowedFrom(ExecutionState from) => Allowed[from];

    /// <summary>Finished for good: no transition leaves it.</summary>
    public static bool IsTerminal(this ExecutionState state) => Allowed[state].Length == 0;

    /// <summary>
    /// Has, or is about to have, a process on an engine, so it holds cores. Queued and lost are
    /// neither live nor terminal: they wait for a decision.
    /// </summary>
    public static bool IsLive(this ExecutionState state) => state is Starting or Running or Paused;
}
