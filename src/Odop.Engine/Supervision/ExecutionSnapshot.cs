using Odop.Core.Hardware;

namespace Odop.Engine.Supervision;

/// <summary>One execution as the engine knows it at one moment (what Engine.List and Engine.Events carry).</summary>
public sealed record ExecutionSnapshot
{
    public required string ExecutionId { get; init; }
    public required string TaskId { get; init; }

    /// <summary>The process (and process group) id; 0 when the start failed.</summary>
    public int Pid { get; init; }

    public required ExecutionProcessState State { get; init; }

    /// <summary>The CPUs the group is pinned to; null when not pinned.</summary>
    public CpuSet? Cpus { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Set when the process exited normally.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Set when a signal ended the process.</summary>
    public int? TermSignal { get; init; }

    /// <summary>A Stop was asked for: the exit is the engine's doing.</summary>
    public bool StopRequested { get; init; }

    public ExecutionUsage Usage { get; init; } = ExecutionUsage.None;
    public required string StdoutPath { get; init; }
    public required string StderrPath { get; init; }

    /// <summary>Why the start failed.</summary>
    public string? Error { get; init; }

    public bool IsLive => State is ExecutionProcessState.Running or ExecutionProcessState.Paused;
}
