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
        if (!_book.TryGet(e.ExecutionId, out var record)) return;
        switch (e.Verb)
        {
            case "start" when e.Error is not null:
                if (record.State == ExecutionState.Starting) Transition(record, ExecutionState.Failed, $"engine could not start it: {e.Error}");
                Answer(record, null);
                break;
            case "start":
                ApplyEngineState(record, e.Result!);
                if (record.StopRequested && record.State.IsLive()) SendStop(record, "stopped by user");
                break;
            case "stop" when e.Error is not null:
                // The start may still be in flight; the stop is re-sent when it lands.
                if (record.State != ExecutionState.Starting) Answer(record, UserVerb.Stop, $"engine could not stop it: {e.Error}");
                break;
            case "pause" or "resume" when e.Error is not null:
                Answer(record, e.Verb == "pause" ? UserVerb.Pause : UserVerb.Resume, $"engine could not {e.Verb} it: {e.Error}");
                break;
            case "pause" or "resume":
                ApplyEngineState(record, e.Result!);
                Answer(record, e.Verb == "pause" ? UserVerb.Pause : UserVerb.Resume);
                break;
        }
    }

    private void HandleEngineEvent(EngineEvent engineEvent)
    {
        var execution = engineEvent.Execution;
        if (execution is null || !_book.TryGet(execution.ExecutionId, out var record)) return;
        ApplyEngineState(record, execution);
    }

    /// <summary>
    /// Brings the record in line with what the engine reports. Idempotent: the same fact can arrive
    /// twice (the call's answer and the event stream), and only the first changes anything.
    /// </summary>
    private void ApplyEngineState(ExecutionRecord record, EngineExecution execution)
    {
        if (record.State.IsTerminal()) return;
        if (execution.Pid != 0) record.Pid = execution.Pid;
        if (execution.Cpus.Count > 0) record.Cpus = CpuSet.Of(execution.Cpus);
        if (execution.StdoutPath.Length > 0) { record.StdoutPath = execution.StdoutPath; record.StderrPath = execution.StderrPath; }

        switch (execution.State)
        {
            case EngineProcessState.Running when record.State is ExecutionState.Starting:
                record.StartedAt ??= DateTimeOffset.FromUnixTimeMilliseconds(execution.StartedAtUnixMs);
                Transition(record, ExecutionState.Running, $"started as pid {execution.Pid} on CPUs {record.Cpus}");
                break;
            case EngineProcessState.Running when record.State is ExecutionState.Paused:
                Transition(record, ExecutionState.Running, "resumed");
                break;
            case EngineProcessState.Paused when record.State is ExecutionState.Running or ExecutionState.Starting:
                if (record.State == ExecutionState.Starting) Transition(record, ExecutionState.Running, $"started as pid {execution.Pid}");
                Transition(record, ExecutionState.Paused, "paused");
                break;
            case EngineProcessState.StartFailed:
                Transition(record, ExecutionState.Failed, $"could not start: {execution.Error}");
                Answer(record, null);
                break;
            case EngineProcessState.Exited:
                Finish(record, execution);
                break;
        }
    }

    private void Finish(ExecutionRecord record, EngineExecution execution)
    {
        var (state, reason) = execution switch
        {
            _ when record.StopRequested || execution.StopRequested => (ExecutionState.Stopped, "stopped by user"),
            { TermSignal: not 0 } => (ExecutionState.Failed, $"killed by signal {execution.TermSignal}"),
            { ExitCode: 0 } => (ExecutionState.Succeeded, "exit code 0"),
            _ => (ExecutionState.Failed, $"exit code {execution.ExitCode}"),
        };
        record.ExitCode = execution.TermSignal == 0 ? execution.ExitCode : 128 + execution.TermSignal;
        record.EndedAt = DateTimeOffset.FromUnixTimeMilliseconds(execution.EndedAtUnixMs);
        record.StartedAt ??= DateTimeOffset.FromUnixTimeMilliseconds(execution.StartedAtUnixMs);
        if (execution.Usage is { } usage)
            record.Usage = new MeasuredUsage(usage.CpuSeconds, usage.PeakRssBytes, usage.PeakThreads, usage.WallSeconds);

        // A paused process can only end through a stop (the engine resumes it first); record the resume.
        if (record.State == ExecutionState.Paused && !ExecutionStateMachine.CanTransition(ExecutionState.Paused, state))
            Transition(record, ExecutionState.Running, "resumed to be stopped");
        if (record.State == ExecutionState.Starting && !ExecutionStateMachine.CanTransition(ExecutionState.Starting, state))
            Transition(record, ExecutionState.Running, $"started as pid {execution.Pid}");
        Transition(record, state, reason);
        Answer(record, null);

        // Only a clean run says what the task really needs; failures would skew the estimate.
        if (state == ExecutionState.Succeeded && record.Usage is { } measured) _feedback.Post(record.TaskId, measured);
    }
}
