using Odop.Core.Executions;
using Odop.Protocol;
using Odop.Protocol.V1;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    // The profile as it was when each execution was enqueued: what its placement and start use.
    private readonly Dictionary<string, Odop.Core.Profiles.TaskProfile> _profileOf = new(StringComparer.Ordinal);

    private void HandleEnqueue(EnqueueRequested e)
    {
        // Check every element first: a batch is enqueued whole or not at all.
        foreach (var element in e.Elements)
        {
            if (_book.TryGet(element.ExecutionId.Value, out var existing) && existing.TaskId != element.Profile.TaskId)
            {
                e.Reply.TrySetException(new RpcException(StatusCode.AlreadyExists,
                    $"execution_id {element.ExecutionId} is already enqueued for task '{existing.TaskName}', not '{element.Profile.Name}'"));
                return;
            }
        }

        var reply = new EnqueueBatchReply();
        foreach (var element in e.Elements)
        {
            if (_book.TryGet(element.ExecutionId.Value, out var existing))
            {
                // Idempotent on execution_id: a retried enqueue returns what is already there.
                reply.Results.Add(new EnqueueReply { ExecutionId = existing.ExecutionId.Value, Created = false, State = existing.State.ToProto() });
                continue;
            }
            var record = new ExecutionRecord(element.ExecutionId, element.Profile.TaskId, element.Profile.Name,
                element.ExecutionMetadata, element.Priority, _book.NextSequence(), Now);
            _book.Add(record);
            _profileOf[record.ExecutionId.Value] = element.Profile;
            Publish(record, null);
            reply.Results.Add(new EnqueueReply { ExecutionId = record.ExecutionId.Value, Created = true, State = record.State.ToProto() });
        }
        e.Reply.TrySetResult(reply);
    }

    private void HandleList(ListRequested e)
    {
        var states = e.Request.States.Select(s => s.FromProto()).ToHashSet();
        var reply = new ListExecutionsReply();
        foreach (var record in _book.All.OrderBy(r => r.Sequence))
        {
            if (states.Count > 0 && !states.Contains(record.State)) continue;
            if (e.Request.TaskId.Length > 0 && record.TaskId != e.Request.TaskId && record.TaskName != e.Request.TaskId) continue;
            reply.Executions.Add(record.ToProto(includeTransitions: false));
        }
        e.Reply.TrySetResult(reply);
    }

    private void Publish(ExecutionRecord record, StateTransition? transition) =>
        _hub.Publish(new ExecutionEvent { Execution = record.ToProto(includeTransitions: false), Transition = transition?.ToProto() });

    /// <summary>Applies a transition and tells watchers; the single place state changes in the agent.</summary>
    private void Transition(ExecutionRecord record, ExecutionState to, string reason)
    {
        var transition = _book.Transition(record, record.State, to, Now, reason);
        TransitionLog(_logger, record.ExecutionId.Value, record.TaskName, transition.From.ToString(), to.ToString(), reason);
        Publish(record, transition);
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1010, Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "{ExecutionId} ({Task}): {From} -> {To} ({Reason})")]
    private static partial void TransitionLog(Microsoft.Extensions.Logging.ILogger logger, string executionId, string task, string from, string to, string reason);
}
