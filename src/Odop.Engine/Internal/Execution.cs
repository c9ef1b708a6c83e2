using Odop.Core.Hardware;
using Odop.Engine.Supervision;
using Odop.Node.Processes;

namespace Odop.Engine.Internal;

/// <summary>The engine's mutable record of one execution. Every field is guarded by the supervisor's lock.</summary>
internal sealed class Execution
{
    internal required string ExecutionId { get; init; }
    internal required string TaskId { get; init; }
    internal required string StdoutPath { get; init; }
    internal required string StderrPath { get; init; }
    internal required DateTimeOffset StartedAt { get; init; }
    internal LaunchedProcess? Process { get; init; }

    internal ExecutionProcessState State { get; set; }
    internal CpuSet? Cpus { get; set; }
    internal DateTimeOffset? EndedAt { get; set; }
    internal int? ExitCode { get; set; }
    internal int? TermSignal { get; set; }
    internal bool StopRequested { get; set; }
    internal string? Error { get; set; }
    internal UsageAccumulator Usage { get; } = new();

    /// <summary>Completes with the final snapshot once the execution has ended (or failed to start).</summary>
    internal TaskCompletionSource<ExecutionSnapshot> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal bool IsLive => State is ExecutionProcessState.Running or ExecutionProcessState.Paused;

    internal ExecutionSnapshot Snapshot(DateTimeOffset now) => new()
    {
        ExecutionId = ExecutionId,
        TaskId = TaskId,
        Pid = Process?.Pid ?? 0,
        State = State,
        Cpus = Cpus,
        StartedAt = StartedAt,
        EndedAt = EndedAt,
        ExitCode = ExitCode,
        TermSignal = TermSignal,
        StopRequested = StopRequested,
        Usage = Usage.ToUsage((EndedAt ?? now) - StartedAt),
        StdoutPath = StdoutPath,
        StderrPath = StderrPath,
        Error = Error,
    };
}
