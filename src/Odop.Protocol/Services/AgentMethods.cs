using Odop.Protocol.V1;

namespace Odop.Protocol;

/// <summary>Descriptors of <c>odop.v1.Agent</c> (info.proto): what an agent says about itself.</summary>
public static class AgentMethods
{
    public const string ServiceName = "odop.v1.Agent";

    public static readonly Method<InfoRequest, InfoReply> Info =
        new(MethodType.Unary, ServiceName, "Info", InfoRequest.Parser, InfoReply.Parser);
}
