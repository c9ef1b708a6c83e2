using System.Net;
using Microsoft.Extensions.Logging;

namespace Odop.Protocol;

/// <summary>Where a <see cref="GrpcServer"/> listens and what it accepts. At least one endpoint is required.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Unix socket to listen on; its directory is created with mode 0700 when missing, the socket gets 0600.</summary>
    public string? UnixSocketPath { get; set; }

    /// <summary>TCP endpoint; null means no TCP (TCP is opt-in). Port 0 picks a free port, see <see cref="GrpcServer.TcpPort"/>.</summary>
    public IPEndPoint? TcpEndpoint { get; set; }

    /// <summary>Largest request message accepted; a larger one fails with RESOURCE_EXHAUSTED before its body is read.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent; a larger one fails the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Send the text of unexpected handler exceptions to clients (off: a generic message only).</summary>
    public bool IncludeExceptionDetails { get; set; }

    /// <summary>Where the server and Kestrel log; Kestrel's own messages below Warning are dropped.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>How long <see cref="GrpcServer.StopAsync"/> lets unary calls finish before cancelling them.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs before every call's request is read: the one place a server decides who may call what. It sees the
    /// method name, the request headers and the connection (<see cref="ServerCallContext.PeerUid"/>); it refuses
    /// by throwing <see cref="RpcException"/> and may leave what it learnt in <see cref="ServerCallContext.UserState"/>.
    /// Null lets every call through.
    /// </summary>
    public CallAuthorizer? Authorizer { get; set; }
}
