using Odop.Protocol.V1;

namespace Odop.Protocol;

/// <summary>Descriptors of <c>odop.v1.Groups</c> (workflow.proto): where groups of executions stand.</summary>
public static class GroupsMethods
{
    public const string ServiceName = "odop.v1.Groups";

    public static readonly Method<GroupRef, Group> Get =
        new(MethodType.Unary, ServiceName, "Get", GroupRef.Parser, Group.Parser);

    public static readonly Method<ListGroupsRequest, ListGroupsReply> List =
        new(MethodType.Unary, ServiceName, "List", ListGroupsRequest.Parser, ListGroupsReply.Parser);
}
