using Odop.Engine.Supervision;
using Odop.Protocol.V1;

namespace Odop.Engine.Hosting;

/// <summary>Supervisor snapshots and events to odop.v1 messages.</summary>
internal static class EngineMapping
{
    public static EngineExecution ToProto(ExecutionSnapshot s)
    {
        var message = new EngineExecution
        {
            ExecutionId = s.ExecutionId,
            TaskId = s.TaskId,
            Pid = s.Pid,
            State = s.State switch
            {
                ExecutionProcessState.Running => EngineProcessState.Running,
                ExecutionProcessState.Paused => EngineProcessState.Paused,
                ExecutionProcessState.Exited => EngineProcessState.Exited,
                ExecutionProcessState.StartFailed => EngineProcessState.StartFailed,
                _ => EngineProcessState.Unspecified,
            },
            StartedAtUnixMs = s.StartedAt.ToUnixTimeMilliseconds(),
            EndedAtUnixMs = s.EndedAt?.ToUnixTimeMilliseconds() ?? 0,
            ExitCode = s.ExitCode ?? 0,
            TermSignal = s.TermSignal ?? 0,
            StopRequested = s.StopRequested,
            Usage = new Usage
            {
                CpuSeconds = s.Usage.CpuSeconds,
                PeakRssBytes = s.Usage.PeakRssBytes,
                PeakThreads = s.Usage.PeakThreads,
                WallSeconds = s.Usage.WallSeconds,
            },
            StdoutPath = s.StdoutPath,
            StderrPath = s.StderrPath,
            Error = s.Error ?? "",
        };
        if (s.Cpus is { } cpus) message.Cpus.AddRange(cpus.Ids);
        return message;
    }

    public static EngineEvent ToProto(Supervision.ExecutionEvent e) => new()
    {
        Kind = e.Kind switch
        {
            ExecutionEventKind.Started => EngineEventKind.Started,
            ExecutionEventKind.StartFailed => EngineEventKind.StartFailed,
            ExecutionEventKind.Paused => EngineEventKind.Paused,
            ExecutionEventKind.Resumed => EngineEventKind.Resumed,
            ExecutionEventKind.AffinityChanged => EngineEventKind.AffinityChanged,
            ExecutionEventKind.Exited => EngineEventKind.Exited,
            ExecutionEventKind.Current => EngineEventKind.Current,
            _ => EngineEventKind.Unspecified,
        },
        Execution = ToProto(e.Execution),
        AtUnixMs = e.At.ToUnixTimeMilliseconds(),
    };
}
