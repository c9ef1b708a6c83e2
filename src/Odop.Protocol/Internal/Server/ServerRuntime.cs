using Microsoft.Extensions.Logging;

namespace Odop.Protocol.Internal.Server;

/// <summary>What every call handler of one server shares: limits, logging and the shutdown signals.</summary>
internal sealed class ServerRuntime(GrpcServerOptions options, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _streamShutdown = new();
    private readonly CancellationTokenSource _unaryShutdown = new();

    public int MaxReceiveMessageSize { get; } = options.MaxReceiveMessageSize;

    public int MaxSendMessageSize { get; } = options.MaxSendMessageSize;

    public bool IncludeExceptionDetails { get; } = options.IncludeExceptionDetails;

    public ILogger Logger { get; } = logger;

    public CallAuthorizer? Authorizer { get; } = options.Authorizer;

    /// <summary>Cancelled as soon as shutdown begins: streams are open-ended and would only delay it.</summary>
    public CancellationToken StreamShutdown => _streamShutdown.Token;

    /// <summary>Cancelled when the shutdown grace period ends: unary calls get a chance to finish.</summary>
    public CancellationToken UnaryShutdown => _unaryShutdown.Token;

    public void BeginShutdown() => _streamShutdown.Cancel();

    public void EndGracePeriod()
    {
        _streamShutdown.Cancel();
        _unaryShutdown.Cancel();
    }

    public void Dispose()
    {
        _streamShutdown.Dispose();
        _unaryShutdown.Dispose();
    }
}
