using Microsoft.Extensions.Logging;
using Odop.Core.Executions;
using Odop.Core.Hardware;
using Odop.Core.Profiles;
using Odop.Protocol.V1;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    private void HandleEngineCallCompleted(EngineCallCompleted e)
    {
        if (!_book.TryGet(e.ExecutionId, out var execution)) return;
        switch (e.Verb)
        {
            case "start" when e.Error is not null:
                if (execution.State == ExecutionState.Starting) Transition(execution, ExecutionState.Failed, $"engine could not start it: {e.Error}");
                _endedSinceDecision.Add(execution.Id);
                Answer(execution, null);
                break;
            case "start":
                // A stop asked for meanwhile was queued behind this start and goes out now.
                ApplyEngineState(execution, e.Result!);
                break;
            case "stop" when e.ErrorStatus == Odop.Protocol.StatusCode.NotFound && execution.State != ExecutionState.Starting:
                // The process exited as the stop went out. Its exit comes on the event stream, possibly after this
                // answer, and ends the stop as it ends the execution; an error here would fail a stop that worked.
                break;
            case "stop" when e.Error is not null:
                Answer(execution, UserVerb.Stop, $"engine could not stop it: {e.Error}");
                break;
            case "pause" or "resume" when e.Error is not null:
                Answer(execution, e.Verb == "pause" ? UserVerb.Pause : UserVerb.Resume, $"engine could not {e.Verb} it: {e.Error}");
                break;
            case "pause" or "resume":
                ApplyEngineState(execution, e.Result!);
                Answer(execution, e.Verb == "pause" ? UserVerb.Pause : UserVerb.Resume);
                break;
            case "set_affinity" when e.Error is not null && e.ErrorStatus != Odop.Protocol.StatusCode.NotFound:
                // The process keeps the cores it had; the scheduler's next rounds see their load as they are.
                SetAffinityFailedLog(_logger, execution.Id, execution.Record.Placement.ToString(), e.Error);
                break;
            case "set_affinity" when e.Error is null:
                ApplyEngineState(execution, e.Result!);
                break;
        }
        PlaceOnFreedCores();
    }

    private void HandleEngineEvent(EngineEvent engineEvent)
    {
        if (engineEvent.Execution is { } reported && _book.TryGet(reported.ExecutionId, out var execution))
            ApplyEngineState(execution, reported);
        PlaceOnFreedCores();
    }

    /// <summary>
    /// Brings the execution in line with what the engine reports. Idempotent: the same fact can arrive
    /// twice (the call's answer and the event stream), and only the first changes anything.
    /// </summary>
    private void ApplyEngineState(TrackedExecution execution, EngineExecution reported)
    {
        if (execution.State.IsTerminal()) return;
        // Queued again (a retry): it has no process, so any report is a late copy about the attempt that ended;
        // the same holds for a report naming that attempt's pid once the next attempt is starting.
        if (execution.State == ExecutionState.Queued || (reported.Pid != 0 && reported.Pid == execution.EndedPid)) return;
        var record = execution.Record;
        if (reported.Pid != 0) record.Pid = reported.Pid;
        if (reported.Cpus.Count > 0) record.Placement = CpuSet.Of(reported.Cpus);
        if (reported.StdoutPath.Length > 0 && reported.StdoutPath != execution.StdoutPath)
        {
            (execution.StdoutPath, execution.StderrPath) = (reported.StdoutPath, reported.StderrPath);
            RememberLogPaths(execution);
        }

        switch (reported.State)
        {
            case EngineProcessState.Running when execution.State is ExecutionState.Starting:
                Transition(execution, ExecutionState.Running, $"started as pid {reported.Pid} on CPUs {record.Placement}");
                break;
            case EngineProcessState.Running when execution.State is ExecutionState.Paused:
                // The engine wakes a paused process it stops so that it sees the TERM; say so, or the history reads
                // as if the task had been given its cores back just before it was stopped.
                Transition(execution, ExecutionState.Running, execution.ResumeReason.Take(execution.IsBeingStopped ? "woken to receive its stop" : "resumed"));
                break;
            case EngineProcessState.Paused when execution.State is ExecutionState.Running or ExecutionState.Starting:
                if (execution.State == ExecutionState.Starting) Transition(execution, ExecutionState.Running, $"started as pid {reported.Pid}");
                Transition(execution, ExecutionState.Paused, execution.PauseReason.Take("paused"));
                break;
            case EngineProcessState.StartFailed when execution.State is ExecutionState.Starting:
                Transition(execution, ExecutionState.Failed, $"could not start: {reported.Error}");
                _endedSinceDecision.Add(execution.Id);
                Answer(execution, null);
                break;
            case EngineProcessState.Exited:
                Finish(execution, reported);
                break;
        }
    }

    private void Finish(TrackedExecution execution, EngineExecution reported)
    {
        _endedSinceDecision.Add(execution.Id);
        execution.EndedPid = reported.Pid;
        if (execution.RequeueAfterStop)
        {
            Requeue(execution, execution.PendingStopReason.Take("stopped to be queued again"));
            return;
        }
        var (state, reason) = reported switch
        {
            _ when execution.TimedOut => (ExecutionState.TimedOut, execution.PendingStopReason.Take("time limit exceeded")),
            _ when execution.StopRequested || reported.StopRequested => (ExecutionState.Stopped, execution.StopReason ?? "stopped by user"),
            { TermSignal: not 0 } => (ExecutionState.Failed, $"killed by signal {reported.TermSignal}"),
            { ExitCode: 0 } => (ExecutionState.Succeeded, "exit code 0"),
            _ => (ExecutionState.Failed, $"exit code {reported.ExitCode}"),
        };
        var record = execution.Record;
        record.ExitCode = reported.TermSignal == 0 ? reported.ExitCode : 128 + reported.TermSignal;
        if (reported.Usage is { } usage)
            record.Usage = new MeasuredUsage(usage.CpuSeconds, usage.PeakRssBytes, usage.PeakThreads, usage.WallSeconds);

        // The exit may overtake the start's answer; record the start so the history reads in order.
        if (execution.State == ExecutionState.Starting)
            Transition(execution, ExecutionState.Running, $"started as pid {reported.Pid} on CPUs {record.Placement}");
        // A failed attempt with retries left goes back to the queue; only the last one is recorded as failed.
        if (state == ExecutionState.Failed && RetryOrGiveUp(execution, ref reason))
        {
            Answer(execution, null);
            return;
        }
        Transition(execution, state, reason);
        Answer(execution, null);
        if (state == ExecutionState.TimedOut) StartOnTimeout(execution);

        // Only a clean run says what the task really needs; failures would skew the estimate.
        if (state == ExecutionState.Succeeded && record.Usage is { } measured) _feedback.Post(record.TaskId, measured);
    }

    /// <summary>Stopped by the scheduler (paused too long): lost its process, queued again where it was in line.</summary>
    private void Requeue(TrackedExecution execution, string reason)
    {
        execution.RequeueAfterStop = false;
        execution.PausedByScheduler = false;
        if (execution.State == ExecutionState.Starting) Transition(execution, ExecutionState.Running, "started");
        Transition(execution, ExecutionState.Lost, $"stopped: {reason}");
        execution.Record.Pid = null;
        execution.Record.Placement = CpuSet.Empty;
        Transition(execution, ExecutionState.Queued, "queued again");
    }

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "The engine could not move execution {ExecutionId} to CPUs {Cpus}: {Error}")]
    private static partial void SetAffinityFailedLog(ILogger logger, string executionId, string cpus, string error);
}
