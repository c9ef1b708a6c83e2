using System.Text.Json.Nodes;
using Odop.Core.Executions;
using Odop.Core.Profiles;

namespace Odop.Agent.Loop;

/// <summary>
/// An execution as the agent tracks it: the durable record (state, history, placement, usage) plus
/// what only matters while the agent runs it (the profile as enqueued, a pending stop, log paths).
/// </summary>
internal sealed class TrackedExecution(ExecutionRecord record, TaskProfile profile, JsonObject metadata)
{
    public ExecutionRecord Record { get; } = record;

    /// <summary>The profile as it was at enqueue: what placement and start use.</summary>
    public TaskProfile Profile { get; } = profile;

    /// <summary>DESIGN.md's execution_metadata: {"execution_option": {...}} plus any other keys the client sent.</summary>
    public JsonObject Metadata { get; } = metadata;

    public string Id => Record.Id.Value;
    public ExecutionState State => Record.State;

    /// <summary>A user asked for a stop; the exit that follows is `stopped`, not `failed`.</summary>
    public bool StopRequested { get; set; }

    /// <summary>Why it is being stopped when not by a user (its group failed fast; set with <see cref="StopRequested"/>); the `stopped` transition's reason.</summary>
    public string? StopReason { get; set; }

    /// <summary>Why the last placement round left it queued (shown by `odop tasks show`).</summary>
    public string? PlacementNote { get; set; }

    /// <summary>The scheduler paused it to give a core back; only the scheduler resumes it (a user's pause is the user's).</summary>
    public bool PausedByScheduler { get; set; }

    /// <summary>It ran past its time limit and is being stopped; its exit is `timed_out`.</summary>
    public bool TimedOut { get; set; }

    /// <summary>Stopped to be queued again (paused too long), not stopped for good.</summary>
    public bool RequeueAfterStop { get; set; }

    /// <summary>A stop of any kind is on its way: the engine wakes a paused process to deliver it.</summary>
    public bool IsBeingStopped => StopRequested || TimedOut || RequeueAfterStop;

    /// <summary>Why the next engine-confirmed stop happens, for its transition's reason.</summary>
    public PendingReason PendingStopReason { get; } = new();

    /// <summary>Why the pause on its way to the engine was asked for; kept apart from a resume sent right behind it.</summary>
    public PendingReason PauseReason { get; } = new();

    /// <summary>Why the resume on its way to the engine was asked for.</summary>
    public PendingReason ResumeReason { get; } = new();

    /// <summary>The pid of its last attempt that ended: later reports about that process are stale (it may run again).</summary>
    public int? EndedPid { get; set; }

    /// <summary>How often the scheduler moved it to other cores.</summary>
    public int Moves { get; set; }

    public string? StdoutPath { get; set; }
    public string? StderrPath { get; set; }
}
