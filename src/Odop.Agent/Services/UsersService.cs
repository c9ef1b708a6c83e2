using Odop.Agent.Access;
using Odop.Protocol;
using Odop.Protocol.V1;
using Odop.Store;

namespace Odop.Agent.Services;

/// <summary>odop.v1.Users: admin only (the policy says so); tokens are returned once, at creation.</summary>
internal sealed class UsersService(UserDirectory users)
{
    public void Register(GrpcServer server)
    {
        server.AddUnary(UsersMethods.Create, CreateAsync);
        server.AddUnary(UsersMethods.List, (_, _) => Task.FromResult(List()));
        server.AddUnary(UsersMethods.Revoke, RevokeAsync);
    }

    private async Task<CreateUserReply> CreateAsync(CreateUserRequest request, ServerCallContext context)
    {
        IReadOnlySet<Capability> capabilities;
        try
        {
            capabilities = Capabilities.Parse(request.Capabilities);
            var (user, token) = await users.CreateAsync(request.Name, capabilities, context.CancellationToken);
            return new CreateUserReply { User = ToProto(user), Token = token };
        }
        catch (ArgumentException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new RpcException(StatusCode.AlreadyExists, e.Message);
        }
    }

    private ListUsersReply List()
    {
        var reply = new ListUsersReply();
        foreach (var user in users.List()) reply.Users.Add(ToProto(user));
        return reply;
    }

    private async Task<User> RevokeAsync(RevokeUserRequest request, ServerCallContext context)
    {
        try
        {
            return ToProto(await users.RevokeAsync(request.Name, context.CancellationToken));
        }
        catch (KeyNotFoundException e)
        {
            throw new RpcException(StatusCode.NotFound, e.Message);
        }
    }

    private static User ToProto(StoredUser user)
    {
        var proto = new User
        {
            Name = user.Name,
            CreatedAtUnixMs = user.CreatedAt.ToUnixTimeMilliseconds(),
            RevokedAtUnixMs = user.RevokedAt?.ToUnixTimeMilliseconds() ?? 0,
        };
        proto.Capabilities.AddRange(user.Capabilities);
        return proto;
    }
}
