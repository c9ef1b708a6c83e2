using Odop.Core.Executions;
using Odop.Protocol;
using Odop.Store;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    /// <summary>
    /// `odop tasks set-priority`: only a queued execution takes a new priority (priority orders the queue;
    /// once started there is nothing left to order). The new value and a history note are committed in one
    /// compare-and-swap on queued before memory changes or the user hears back; the next round sees the new order.
    /// </summary>
    private async Task HandleSetPriorityAsync(SetPriorityRequested e)
    {
        if (!_book.TryGet(e.ExecutionId, out var execution))
        {
            e.Reply.TrySetException(new RpcException(StatusCode.NotFound, $"no execution with execution_id {e.ExecutionId}"));
            return;
        }
        if (execution.State != ExecutionState.Queued)
        {
            e.Reply.TrySetException(new RpcException(StatusCode.FailedPrecondition,
                $"cannot set the priority of execution {e.ExecutionId}: it is {execution.State.ToName()}; priority only orders queued executions"));
            return;
        }
        var old = execution.Record.Priority;
        if (old == e.Priority)
        {
            e.Reply.TrySetResult(execution.ToProto(includeTransitions: true));
            return;
        }

        var reason = $"priority {old} → {e.Priority} (set by user)";
        var at = Now;
        TransitionResult stored;
        try
        {
            // Crash point: until this commits the old priority stands, in memory and on disk alike.
            stored = await _store.TryTransitionAsync(execution.Record.Id, ExecutionState.Queued, ExecutionState.Queued, at, reason,
                new ExecutionChanges { Priority = e.Priority });
        }
        catch (OdopStoreException ex)
        {
            e.Reply.TrySetException(new RpcException(ex.Kind == StoreErrorKind.Full ? StatusCode.ResourceExhausted : StatusCode.Unavailable, ex.Message));
            return;
        }
        if (!stored.Applied)
        {
            e.Reply.TrySetException(new RpcException(StatusCode.Unavailable,
                $"the store did not take the new priority of {e.ExecutionId} ({stored.Outcome}); nothing changed"));
            return;
        }

        var note = _book.SetPriority(execution, e.Priority, at, reason);
        TransitionLog(_logger, execution.Id, execution.Profile.Name, ExecutionState.Queued.ToName(), ExecutionState.Queued.ToName(), reason);
        Publish(execution, note);
        e.Reply.TrySetResult(execution.ToProto(includeTransitions: true));
    }

    /// <summary>
    /// Records something that happened to an execution without a change of state (an on_timeout outcome):
    /// a history note, persisted with the event's other transitions.
    /// </summary>
    private void Note(TrackedExecution execution, string reason)
    {
        var note = execution.Record.AddNote(Now, reason);
        _pendingTransitions.Add(new TransitionRequest(execution.Record.Id, note.From, note.To, note.At, reason));
        TransitionLog(_logger, execution.Id, execution.Profile.Name, note.From.ToName(), note.To.ToName(), reason);
        Publish(execution, note);
    }
}
