using Odop.Core.Executions;
using Odop.Protocol;
using Odop.Protocol.V1;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    private void HandleEnqueue(EnqueueRequested e)
    {
        // Check every element first: a batch is enqueued whole or not at all.
        foreach (var element in e.Elements)
        {
            if (_book.TryGet(element.ExecutionId.Value, out var existing) && existing.Record.TaskId != element.Profile.TaskId)
            {
                e.Reply.TrySetException(new RpcException(StatusCode.AlreadyExists,
                    $"execution_id {element.ExecutionId} is already enqueued for task '{existing.Profile.Name}', not '{element.Profile.Name}'"));
                return;
            }
        }

        var reply = new EnqueueBatchReply();
        foreach (var element in e.Elements)
        {
            if (_book.TryGet(element.ExecutionId.Value, out var existing))
            {
                // Idempotent on execution_id: a retried enqueue returns what is already there.
                reply.Results.Add(new EnqueueReply { ExecutionId = existing.Id, Created = false, State = existing.State.ToProto() });
                continue;
            }
            var record = new ExecutionRecord(element.ExecutionId, element.Profile.TaskId, _book.NextSequence(), Now)
            {
                TaskName = element.Profile.Name,
                Priority = element.Priority,
                ExecutionOption = (System.Text.Json.Nodes.JsonObject)element.ExecutionMetadata["execution_option"]!.DeepClone(),
                Node = _options.NodeName,
            };
            var execution = new TrackedExecution(record, element.Profile, element.ExecutionMetadata);
            _book.Add(execution);
            Publish(execution, null);
            reply.Results.Add(new EnqueueReply { ExecutionId = execution.Id, Created = true, State = execution.State.ToProto() });
        }
        e.Reply.TrySetResult(reply);
    }

    private void HandleList(ListRequested e)
    {
        var states = e.Request.States.Select(s => s.FromProto()).ToHashSet();
        var reply = new ListExecutionsReply();
        foreach (var execution in _book.All.OrderBy(x => x.Record.EnqueueSequence))
        {
            if (states.Count > 0 && !states.Contains(execution.State)) continue;
            if (e.Request.TaskId.Length > 0 && !Matches(execution, e.Request.TaskId)) continue;
            reply.Executions.Add(execution.ToProto(includeTransitions: false));
        }
        e.Reply.TrySetResult(reply);
    }

    private static bool Matches(TrackedExecution execution, string task) =>
        string.Equals(execution.Record.TaskId, task, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(execution.Profile.Name, task, StringComparison.OrdinalIgnoreCase);

    private void Publish(TrackedExecution execution, StateTransition? transition) =>
        _hub.Publish(new ExecutionEvent { Execution = execution.ToProto(includeTransitions: false), Transition = transition?.ToProto() });

    /// <summary>Applies a transition and tells watchers; the single place state changes in the agent.</summary>
    private void Transition(TrackedExecution execution, ExecutionState to, string reason)
    {
        var transition = _book.Transition(execution, to, Now, reason);
        TransitionLog(_logger, execution.Id, execution.Profile.Name, transition.From.ToName(), to.ToName(), reason);
        Publish(execution, transition);
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1010, Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "{ExecutionId} ({Task}): {From} -> {To} ({Reason})")]
    private static partial void TransitionLog(Microsoft.Extensions.Logging.ILogger logger, string executionId, string task, string from, string to, string reason);
}
