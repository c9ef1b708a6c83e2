using Odop.Protocol;

namespace Odop.Agent.Engine;

/// <summary>Opens a channel to "unix:/path", "host:port" or a bare socket path.</summary>
internal static class AgentEndpointParser
{
    public static GrpcChannel Open(string endpoint, int maxMessageSize)
    {
        var options = new GrpcChannelOptions { MaxReceiveMessageSize = maxMessageSize, MaxSendMessageSize = maxMessageSize };
        return endpoint.StartsWith('/') ? GrpcChannel.ForUnixSocket(endpoint, options) : GrpcChannel.ForAddress(endpoint, options);
    }
}
