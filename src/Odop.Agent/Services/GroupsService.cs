using Odop.Agent.Loop;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Services;

/// <summary>odop.v1.Groups: where groups of executions stand, answered by the agent loop.</summary>
internal sealed class GroupsService(AgentLoop loop)
{
    public void Register(GrpcServer server)
    {
        server.AddUnary(GroupsMethods.Get, GetAsync);
        server.AddUnary(GroupsMethods.List, (_, context) => AskAsync(null, context));
    }

    private async Task<Group> GetAsync(GroupRef request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Name)) throw new RpcException(StatusCode.InvalidArgument, "name: missing");
        return (await AskAsync(request.Name, context)).Groups[0];
    }

    private async Task<ListGroupsReply> AskAsync(string? name, ServerCallContext context)
    {
        var reply = new TaskCompletionSource<ListGroupsReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        await loop.Writer.WriteAsync(new GroupsRequested(name, reply), context.CancellationToken);
        return await reply.Task.WaitAsync(context.CancellationToken);
    }
}
