using Odop.Agent.Access;
using Odop.Agent.Loop;
using Odop.Core;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Services;

/// <summary>odop.v1.Executions: every call becomes one event on the agent loop.</summary>
internal sealed class ExecutionsService(AgentLoop loop, ExecutionEventHub hub, ExecutionOwners owners)
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
        server.AddServerStreaming(ExecutionsMethods.Watch, WatchAsync);
    }

    private async Task<ListExecutionsReply> ListAsync(ListExecutionsRequest request, ServerCallContext context)
    {
        var reply = new TaskCompletionSource<ListExecutionsReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new ListRequested(request, reply), context.CancellationToken);
        var all = await reply.Task.WaitAsync(context.CancellationToken);
        // Non-admins see only their own executions.
        var caller = Caller.Of(context);
        var mine = new ListExecutionsReply();
        foreach (var execution in all.Executions)
            if (caller.Owns(WithOwner(execution).Owner)) mine.Executions.Add(execution);
        return mine;
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
                if ((filter.Count == 0 || filter.Contains(executionEvent.Execution.ExecutionId)) && caller.Owns(owners.OwnerOf(executionEvent.Execution.ExecutionId)))
                    await stream.WriteAsync(executionEvent, context.CancellationToken);
        }
    }
}
