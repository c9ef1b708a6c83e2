using Odop.Core.Executions;
using Odop.Protocol;
using Odop.Protocol.V1;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    /// <summary>
    /// Enqueues every waiting request in one durable transaction; each is answered only after the commit
    /// (a request is all or nothing). A request that conflicts with what is known is refused on its own.
    /// </summary>
    private async Task HandleEnqueueAsync(IReadOnlyList<EnqueueRequested> requests)
    {
        var accepted = new List<(EnqueueRequested Request, HashSet<TrackedExecution> Fresh)>();
        var records = new List<ExecutionRecord>();
        var inBatch = new Dictionary<string, TrackedExecution>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var conflict = request.Elements.FirstOrDefault(el =>
                (_book.TryGet(el.ExecutionId.Value, out var known) || inBatch.TryGetValue(el.ExecutionId.Value, out known))
                && known.Record.TaskId != el.Profile.TaskId);
            if (conflict is not null)
            {
                var known = _book.TryGet(conflict.ExecutionId.Value, out var k) ? k : inBatch[conflict.ExecutionId.Value];
                request.Reply.TrySetException(new RpcException(StatusCode.AlreadyExists,
                    $"execution_id {conflict.ExecutionId} is already enqueued for task '{known.Profile.Name}', not '{conflict.Profile.Name}'"));
                continue;
            }
            if (WorkflowRefusal(request, inBatch) is { } refusal)
            {
                request.Reply.TrySetException(new RpcException(StatusCode.InvalidArgument, refusal));
                continue;
            }
            var fresh = new HashSet<TrackedExecution>();
            foreach (var element in request.Elements)
            {
                if (_book.TryGet(element.ExecutionId.Value, out _) || inBatch.ContainsKey(element.ExecutionId.Value)) continue;
                var record = new ExecutionRecord(element.ExecutionId, element.Profile.TaskId, _book.NextSequence(), Now)
                {
                    TaskName = element.Profile.Name,
                    Priority = element.Priority,
                    Class = element.Class,
                    ExecutionOption = (System.Text.Json.Nodes.JsonObject)element.ExecutionMetadata["execution_option"]!.DeepClone(),
                    Node = _options.NodeName,
                    Workflow = WithNodeDefaults(element.Workflow),
                };
                var execution = new TrackedExecution(record, element.Profile, element.ExecutionMetadata);
                fresh.Add(execution);
                inBatch[execution.Id] = execution;
                records.Add(record);
            }
            accepted.Add((request, fresh));
        }

        try
        {
            // Crash point: before this commit nothing is acknowledged; after it, every accepted element is durable.
            if (records.Count > 0) await _store.EnqueueAsync(records);
        }
        catch (Odop.Store.OdopStoreException e)
        {
            var status = e.Kind == Odop.Store.StoreErrorKind.Full ? StatusCode.ResourceExhausted : StatusCode.Unavailable;
            foreach (var (request, _) in accepted) request.Reply.TrySetException(new RpcException(status, e.Message));
            return;
        }

        foreach (var (request, fresh) in accepted)
        {
            foreach (var execution in fresh)
            {
                _book.Add(execution);
                TrackWorkflow(execution);
                Publish(execution, null);
            }
            var reply = new EnqueueBatchReply();
            foreach (var element in request.Elements)
            {
                _book.TryGet(element.ExecutionId.Value, out var execution);
                reply.Results.Add(new EnqueueReply
                {
                    ExecutionId = execution.Id,
                    Created = fresh.Contains(execution),
                    State = execution.State.ToProto(),
                });
            }
            request.Reply.TrySetResult(reply);
        }
    }

    private void HandleList(ListRequested e)
    {
        var states = e.Request.States.Select(s => s.FromProto()).ToHashSet();
        DateTimeOffset? since = e.Request.SinceUnixMs != 0 ? DateTimeOffset.FromUnixTimeMilliseconds(e.Request.SinceUnixMs) : null;
        var endedAfter = Now - RecentlyEnded;
        var reply = new ListExecutionsReply();
        foreach (var execution in _book.All.OrderBy(x => x.Record.EnqueueSequence))
        {
            if (states.Count > 0 && !states.Contains(execution.State)) continue;
            if (e.Request.TaskId.Length > 0 && !Matches(execution, e.Request.TaskId)) continue;
            if (since is { } s ? execution.Record.EnqueuedAt < s
                : !e.Request.All && execution.State.IsTerminal() && execution.Record.EndedAt < endedAfter) continue;
            reply.Executions.Add(execution.ToProto(includeTransitions: false));
        }
        e.Reply.TrySetResult(reply);
    }

    private static bool Matches(TrackedExecution execution, string task) =>
        string.Equals(execution.Record.TaskId, task, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(execution.Profile.Name, task, StringComparison.OrdinalIgnoreCase);

    private void Publish(TrackedExecution execution, StateTransition? transition)
    {
        if (_hub.Wants(isTransition: transition is not null)) _hub.Publish(new ExecutionEvent { Execution = execution.ToProto(includeTransitions: false), Transition = transition?.ToProto() });
    }

    /// <summary>
    /// Applies a transition and tells watchers; the single place state changes in the agent. The store
    /// hears of it when the event's handling ends (one transaction per event).
    /// </summary>
    private void Transition(TrackedExecution execution, ExecutionState to, string reason)
    {
        var transition = _book.Transition(execution, to, Now, reason);
        var record = execution.Record;
        _pendingTransitions.Add(new Odop.Store.TransitionRequest(record.Id, transition.From, to, transition.At, reason,
            new Odop.Store.ExecutionChanges
            {
                Node = record.Node, Placement = record.Placement, Pid = record.Pid, ExitCode = record.ExitCode, Usage = record.Usage,
                Retries = record.Retries > 0 ? record.Retries : null, NotBefore = record.NotBefore,
            }));
        TransitionLog(_logger, execution.Id, execution.Profile.Name, transition.From.ToName(), to.ToName(), reason);
        Publish(execution, transition);
        if (to.IsTerminal()) Archive(execution);
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 1010, Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "{ExecutionId} ({Task}): {From} -> {To} ({Reason})")]
    private static partial void TransitionLog(Microsoft.Extensions.Logging.ILogger logger, string executionId, string task, string from, string to, string reason);
}
