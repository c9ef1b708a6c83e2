using Odop.Core.Executions;
using Odop.Protocol;
using Odop.Protocol.V1;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    // User verbs that wait for the engine: answered when the engine confirms (pause, resume) or the process ends (stop).
    private readonly Dictionary<string, List<(UserVerb Verb, TaskCompletionSource<Execution> Reply)>> _waiting = new(StringComparer.Ordinal);
    // Executions a user asked to start now; placed before the rest of the queue, on any core no side task holds.
    private readonly Dictionary<string, TaskCompletionSource<Execution>> _forced = new(StringComparer.Ordinal);

    private void HandleUserCommand(UserCommandRequested e)
    {
        if (!_book.TryGet(e.ExecutionId, out var execution))
        {
            e.Reply.TrySetException(new RpcException(StatusCode.NotFound, $"no execution with execution_id {e.ExecutionId}"));
            return;
        }
        switch (e.Verb, execution.State)
        {
            case (UserVerb.Get, _):
                e.Reply.TrySetResult(execution.ToProto(includeTransitions: true));
                return;

            case (UserVerb.Start, ExecutionState.Queued):
                _forced[e.ExecutionId] = e.Reply; // answered by this round
                Decide([]); // no new sample: the core keeps each core's last one
                return;

            case (UserVerb.Skip, ExecutionState.Queued):
                Transition(execution, ExecutionState.Skipped, "skipped by user");
                e.Reply.TrySetResult(execution.ToProto(includeTransitions: true));
                return;

            case (UserVerb.Stop, ExecutionState.Queued):
                Transition(execution, ExecutionState.Stopped, "cancelled by user before start");
                e.Reply.TrySetResult(execution.ToProto(includeTransitions: true));
                return;

            case (UserVerb.Stop, ExecutionState.Starting or ExecutionState.Running or ExecutionState.Paused):
                execution.StopRequested = true;
                Wait(e);
                SendStop(execution, "stopped by user");
                return;

            case (UserVerb.Pause, ExecutionState.Running or ExecutionState.Starting) when !execution.PausedByScheduler:
                // While starting too: the pause goes out behind the start, once the process exists.
                Wait(e);
                execution.PauseReason.Set("paused by user"); // it keeps its cores; the scheduler never resumes a pause it did not make
                _engine!.Send(execution.Id, "pause", (c, o) => c.UnaryAsync(EngineMethods.Pause, new EngineRef { ExecutionId = execution.Id }, o));
                return;

            case (UserVerb.Pause, ExecutionState.Paused) when execution.PausedByScheduler:
                // Already stopped for the simulation's sake; from now on it is the user's pause, and only a user resumes it.
                execution.PausedByScheduler = false;
                e.Reply.TrySetResult(execution.ToProto(includeTransitions: true));
                return;

            case (UserVerb.Pause, ExecutionState.Starting or ExecutionState.Running) when execution.PausedByScheduler:
                // The scheduler's pause is on its way: it becomes the user's, answered when the engine confirms it.
                Wait(e);
                execution.PausedByScheduler = false;
                execution.PauseReason.Set("paused by user");
                return;

            case (UserVerb.Resume, ExecutionState.Paused):
                Wait(e);
                execution.ResumeReason.Set("resumed by user");
                execution.PausedByScheduler = false;
                _engine!.Send(execution.Id, "resume", (c, o) => c.UnaryAsync(EngineMethods.Resume, new EngineRef { ExecutionId = execution.Id }, o));
                return;

            default:
                e.Reply.TrySetException(new RpcException(StatusCode.FailedPrecondition,
                    $"cannot {e.Verb.ToString().ToLowerInvariant()} execution {e.ExecutionId}: it is {execution.State.ToName()}"));
                return;
        }
    }

    private void Wait(UserCommandRequested e)
    {
        if (!_waiting.TryGetValue(e.ExecutionId, out var list)) _waiting[e.ExecutionId] = list = [];
        list.Add((e.Verb, e.Reply));
    }

    /// <summary>Answers users waiting on <paramref name="verb"/> for this execution (all verbs when null).</summary>
    private void Answer(TrackedExecution execution, UserVerb? verb, string? error = null)
    {
        if (!_waiting.TryGetValue(execution.Id, out var list)) return;
        foreach (var waiter in list.Where(w => verb is null || w.Verb == verb).ToList())
        {
            if (error is null) waiter.Reply.TrySetResult(execution.ToProto(includeTransitions: true));
            else waiter.Reply.TrySetException(new RpcException(StatusCode.Unavailable, error));
            list.Remove(waiter);
        }
        if (list.Count == 0) _waiting.Remove(execution.Id);
    }

    private void SendStop(TrackedExecution execution, string reason)
    {
        var command = new StopCommand { ExecutionId = execution.Id, GraceSeconds = _options.StopGrace.TotalSeconds, Reason = reason };
        _engine!.Send(execution.Id, "stop", (c, o) => c.UnaryAsync(EngineMethods.Stop, command, o));
    }
}
