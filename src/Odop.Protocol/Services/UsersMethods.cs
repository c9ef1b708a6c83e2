using Odop.Protocol.V1;

namespace Odop.Protocol;

/// <summary>Descriptors of <c>odop.v1.Users</c> (users.proto): tokens and capabilities.</summary>
public static class UsersMethods
{
    public const string ServiceName = "odop.v1.Users";

    public static readonly Method<CreateUserRequest, CreateUserReply> Create =
        new(MethodType.Unary, ServiceName, "Create", CreateUserRequest.Parser, CreateUserReply.Parser);

    public static readonly Method<ListUsersRequest, ListUsersReply> List =
        new(MethodType.Unary, ServiceName, "List", ListUsersRequest.Parser, ListUsersReply.Parser);

    public static readonly Method<RevokeUserRequest, User> Revoke =
        new(MethodType.Unary, ServiceName, "Revoke", RevokeUserRequest.Parser, User.Parser);
}
