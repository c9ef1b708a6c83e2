using Odop.Agent.Loop;
using Odop.Core;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Services;

/// <summary>odop.v1.Executions: every call becomes one event on the agent loop.</summary>
internal sealed class ExecutionsService(AgentLoop loop, ExecutionEventHub hub)
{
    public void Register(GrpcServer server)
    {
        server.AddUnary(ExecutionsMethods.List, ListAsync);
        server.AddUnary(ExecutionsMethods.Get, (r, c) => CommandAsync(UserVerb.Get, r, c));
        server.AddUnary(ExecutionsMethods.Start, (r, c) => CommandAsync(UserVerb.Start, r, c));
        server.AddUnary(ExecutionsMethods.Stop, (r, c) => CommandAsync(UserVerb.Stop, r, c));
        server.AddUnary(ExecutionsMethods.Skip, (r, c) => CommandAsync(UserVerb.Skip, r, c));
        server.AddUnary(ExecutionsMethods.Pause, (r, c) => CommandAsync(UserVerb.Pause, r, c));
        server.AddUnary(ExecutionsMethods.Resume, (r, c) => CommandAsync(UserVerb.Resume, r, c));
        server.AddUnary(ExecutionsMethods.SetPriority, SetPriorityAsync);
        server.AddServerStreaming(ExecutionsMethods.Watch, WatchAsync);
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
        var reply = new TaskCompletionSource<ListExecutionsReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new ListRequested(request, reply), context.CancellationToken);
        return await reply.Task.WaitAsync(context.CancellationToken);
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
                var current = await ListAsync(new ListExecutionsRequest(), context);
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
