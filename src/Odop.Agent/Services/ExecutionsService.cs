using Odop.Agent.Loop;
using Odop.Core;
using Odop.Protocol;
using Odop.Protocol.V1;
using Odop.Store;

namespace Odop.Agent.Services;

/// <summary>
/// odop.v1.Executions: every call becomes one event on the agent loop. Executions the agent no longer
/// holds in memory (ended before a restart) are read from the store here, off the loop.
/// </summary>
internal sealed class ExecutionsService(AgentLoop loop, ExecutionEventHub hub, IExecutionStore store)
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
        var reply = new TaskCompletionSource<Execution>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new SetPriorityRequested(id.Value, request.Priority, reply), context.CancellationToken);
        return await reply.Task.WaitAsync(context.CancellationToken);
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
        if (stored.Count == 0) return live;

        var merged = new Dictionary<string, Execution>(StringComparer.Ordinal);
        foreach (var record in stored) merged[record.Id.Value] = record.ToProto(includeTransitions: false);
        foreach (var execution in live.Executions) merged[execution.ExecutionId] = execution;
        var all = new ListExecutionsReply();
        all.Executions.AddRange(merged.Values.OrderBy(x => x.EnqueuedAtUnixMs)); // stable: ties keep the store's sequence order
        return all;
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
            var execution = record.ToProto(includeTransitions: true);
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

    private async Task<Execution> CommandAsync(UserVerb verb, ExecutionRef request, ServerCallContext context)
    {
        if (!ExecutionId.TryParse(request.ExecutionId, out var id))
            throw new RpcException(StatusCode.InvalidArgument, $"execution_id: '{request.ExecutionId}' is not a UUID");
        var reply = new TaskCompletionSource<Execution>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new UserCommandRequested(verb, id.Value, reply), context.CancellationToken);
        return await reply.Task.WaitAsync(context.CancellationToken);
    }

    private async Task WatchAsync(WatchRequest request, IServerStreamWriter<ExecutionEvent> stream, ServerCallContext context)
    {
        var filter = request.ExecutionIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var events = hub.Subscribe(out var subscription);
        using (subscription)
        {
            if (request.IncludeCurrent)
            {
                var current = await LoopListAsync(new ListExecutionsRequest { All = true }, context);
                foreach (var execution in current.Executions)
                    if (filter.Count == 0 || filter.Contains(execution.ExecutionId))
                        await stream.WriteAsync(new ExecutionEvent { Execution = execution }, context.CancellationToken);
            }
            await foreach (var executionEvent in events.ReadAllAsync(context.CancellationToken))
                if (filter.Count == 0 || filter.Contains(executionEvent.Execution.ExecutionId))
                    await stream.WriteAsync(executionEvent, context.CancellationToken);
        }
    }
}
