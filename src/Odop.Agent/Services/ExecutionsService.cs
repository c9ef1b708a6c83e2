using Odop.Agent.Access;
using Odop.Agent.Loop;
using Odop.Core;
using Odop.Protocol;
using Odop.Protocol.V1;
using Odop.Store;

namespace Odop.Agent.Services;

/// <summary>
/// odop.v1.Executions: every call becomes one event on the agent loop. Executions the agent no longer
/// holds in memory (ended before a restart) are read from the store here, off the loop. Non-admins
/// see and act on their own executions only.
/// </summary>
internal sealed class ExecutionsService(AgentLoop loop, ExecutionEventHub hub, IExecutionStore store, ExecutionOwners owners)
{
    public void Register(GrpcServer server)
    {
        server.AddUnary(ExecutionsMethods.List, ListAsync);
        server.AddUnary(ExecutionsMethods.Get, GetAsync);
        server.AddUnary(ExecutionsMethods.Start, (r, c) => CommandAsync(UserVerb.Start, r, c));
        server.AddUnary(ExecutionsMethods.Stop, (r, c) => CommandAsync(UserVerb.Stop, r, c));
        server.AddUnary(ExecutionsMethods.Skip, (r, c) => CommandAsync(UserVerb.Skip, r, c));
        server.AddUnary(ExecutionsMethods.Pause, (r, c) => CommandAsync(UserVerb.Pause, r, c));
        server.AddUnary(ExecutionsMethods.Resume, (r, c) => CommandAsync(UserVerb.Resume, r, c));
        server.AddUnary(ExecutionsMethods.SetPriority, SetPriorityAsync);
        server.AddServerStreaming(ExecutionsMethods.Watch, WatchAsync);
        server.AddUnary(ExecutionsMethods.History, HistoryAsync);
    }

    private async Task<Execution> SetPriorityAsync(SetPriorityRequest request, ServerCallContext context)
    {
        if (!ExecutionId.TryParse(request.ExecutionId, out var id))
            throw new RpcException(StatusCode.InvalidArgument, $"execution_id: '{request.ExecutionId}' is not a UUID");
        CheckOwner(context, "set-priority", id.Value);
        var reply = new TaskCompletionSource<Execution>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new SetPriorityRequested(id.Value, request.Priority, reply), context.CancellationToken);
        return WithOwner(await reply.Task.WaitAsync(context.CancellationToken));
    }

    private async Task<ListExecutionsReply> ListAsync(ListExecutionsRequest request, ServerCallContext context)
    {
        var states = request.States.Select(s => s.FromProto()).ToList(); // validates before anything is read
        IReadOnlyList<Odop.Core.Executions.ExecutionRecord> stored = [];
        if (request.All || request.SinceUnixMs != 0)
        {
            // Read before the loop's view: whatever changes in between, the loop's (newer) copy wins.
            stored = await store.ListAsync(new ExecutionFilter
            {
                States = states,
                Task = request.TaskId.Length > 0 ? request.TaskId : null,
                Since = request.SinceUnixMs != 0 ? DateTimeOffset.FromUnixTimeMilliseconds(request.SinceUnixMs) : null,
            }, context.CancellationToken);
        }
        var live = await LoopListAsync(request, context);
        IEnumerable<Execution> all = live.Executions;
        if (stored.Count > 0)
        {
            var merged = new Dictionary<string, Execution>(StringComparer.Ordinal);
            foreach (var record in stored) merged[record.Id.Value] = record.ToProto(includeTransitions: false);
            foreach (var execution in live.Executions) merged[execution.ExecutionId] = execution;
            all = merged.Values.OrderBy(x => x.EnqueuedAtUnixMs); // stable: ties keep the store's sequence order
        }
        var caller = Caller.Of(context);
        var mine = new ListExecutionsReply();
        foreach (var execution in all)
            if (caller.Owns(WithOwner(execution).Owner)) mine.Executions.Add(execution);
        return mine;
    }

    /// <summary>What the agent holds in memory.</summary>
    private async Task<ListExecutionsReply> LoopListAsync(ListExecutionsRequest request, ServerCallContext context)
    {
        var reply = new TaskCompletionSource<ListExecutionsReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new ListRequested(request, reply), context.CancellationToken);
        return await reply.Task.WaitAsync(context.CancellationToken);
    }

    private async Task<Execution> GetAsync(ExecutionRef request, ServerCallContext context)
    {
        try
        {
            return await CommandAsync(UserVerb.Get, request, context);
        }
        catch (RpcException e) when (e.Status == StatusCode.NotFound)
        {
            var record = await store.GetAsync(ExecutionId.Parse(request.ExecutionId), context.CancellationToken);
            if (record is null) throw;
            var execution = WithOwner(record.ToProto(includeTransitions: true));
            foreach (var result in await store.ResultsAsync(record.Id, context.CancellationToken))
            {
                if (result.Kind == "stdout") execution.StdoutPath = result.Location;
                else if (result.Kind == "stderr") execution.StderrPath = result.Location;
            }
            return execution;
        }
    }

    private async Task<ExecutionHistory> HistoryAsync(ExecutionRef request, ServerCallContext context)
    {
        var execution = await GetAsync(request, context);
        var notes = await store.NotesAsync(ExecutionId.Parse(execution.ExecutionId), context.CancellationToken);
        return ExecutionHistoryBuilder.Build(execution, notes);
    }

    private Execution WithOwner(Execution execution)
    {
        execution.Owner = owners.OwnerOf(execution.ExecutionId);
        return execution;
    }

    /// <summary>Acting on (or looking at) someone else's execution needs admin; the message names the capability.</summary>
    private void CheckOwner(ServerCallContext context, string verb, string executionId)
    {
        var caller = Caller.Of(context);
        var owner = owners.OwnerOf(executionId);
        if (caller.Owns(owner)) return;
        throw new RpcException(StatusCode.PermissionDenied,
            $"{verb} on execution {executionId} needs the 'admin' capability: it belongs to '{owner}', not to '{caller.Name}'");
    }

    private async Task<Execution> CommandAsync(UserVerb verb, ExecutionRef request, ServerCallContext context)
    {
        if (!ExecutionId.TryParse(request.ExecutionId, out var id))
            throw new RpcException(StatusCode.InvalidArgument, $"execution_id: '{request.ExecutionId}' is not a UUID");
        CheckOwner(context, verb.ToString().ToLowerInvariant(), id.Value);
        var reply = new TaskCompletionSource<Execution>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new UserCommandRequested(verb, id.Value, reply), context.CancellationToken);
        return WithOwner(await reply.Task.WaitAsync(context.CancellationToken));
    }

    private async Task WatchAsync(WatchRequest request, IServerStreamWriter<ExecutionEvent> stream, ServerCallContext context)
    {
        var filter = request.ExecutionIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var caller = Caller.Of(context);
        bool Wanted(string executionId) => (filter.Count == 0 || filter.Contains(executionId)) && caller.Owns(owners.OwnerOf(executionId));
        var events = hub.Subscribe(out var subscription);
        using (subscription)
        {
            if (request.IncludeCurrent)
            {
                var current = await LoopListAsync(new ListExecutionsRequest { All = true }, context);
                foreach (var execution in current.Executions)
                    if (Wanted(execution.ExecutionId))
                        await stream.WriteAsync(new ExecutionEvent { Execution = WithOwner(execution) }, context.CancellationToken);
            }
            await foreach (var executionEvent in events.ReadAllAsync(context.CancellationToken))
                if (Wanted(executionEvent.Execution.ExecutionId))
                    await stream.WriteAsync(executionEvent, context.CancellationToken);
        }
    }
}
