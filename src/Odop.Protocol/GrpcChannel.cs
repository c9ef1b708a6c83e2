using System.Collections.Concurrent;
using Google.Protobuf;
using Odop.Protocol.Internal.Client;

namespace Odop.Protocol;

/// <summary>
/// A client connection to one server over HTTP/2 without TLS, on a Unix socket or TCP. Thread-safe; calls
/// are multiplexed over pooled connections, so create one channel per target and share it.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly ChannelTarget _target;
    private readonly ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);

    private GrpcChannel(ChannelTarget target, GrpcChannelOptions? options)
    {
        _target = target;
        Options = options ?? new GrpcChannelOptions();
        Invoker = new HttpMessageInvoker(CreateHandler(target), disposeHandler: true);
    }

    /// <summary><c>unix:/path</c> for Unix sockets, <c>http://host:port</c> for TCP.</summary>
    public string Target => _target.Target;

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    public static GrpcChannel ForUnixSocket(string socketPath, GrpcChannelOptions? options = null) =>
        new(ChannelTarget.ForUnixSocket(socketPath), options);

    /// <summary>
    /// Accepts <c>http://host:port</c>, <c>host:port</c>, <c>unix:/path</c>, <c>unix:///path</c> and a bare
    /// absolute path (a Unix socket). TLS is not supported.
    /// </summary>
    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        new(ChannelTarget.Parse(address), options);

    public Task<TResponse> UnaryAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        return RunUnaryAsync(new ClientCall<TRequest, TResponse>(this, method, options), request);
    }

    /// <summary>Messages as they arrive; the call starts when enumeration starts, and a non-OK end throws <see cref="RpcException"/>.</summary>
    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        return new ServerStreamingCall<TRequest, TResponse>(this, method, request, options);
    }

    public void Dispose() => Invoker.Dispose();

    public override string ToString() => Target;

    internal Uri GetMethodUri(string fullName) =>
        _methodUris.TryGetValue(fullName, out var uri)
            ? uri
            : _methodUris.GetOrAdd(fullName, static (name, baseAddress) => new Uri(baseAddress, name), _target.BaseAddress);

    private static async Task<TResponse> RunUnaryAsync<TRequest, TResponse>(ClientCall<TRequest, TResponse> call, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        using (call)
        {
            return await call.RunUnaryAsync(request).ConfigureAwait(false);
        }
    }

    private static SocketsHttpHandler CreateHandler(ChannelTarget target)
    {
        var handler = new SocketsHttpHandler
        {
            // Beyond the server's stream limit, open another connection rather than queueing calls.
            EnableMultipleHttp2Connections = true,
            // Shorter than the server's keep-alive timeout (10 min), so the client closes idle connections first.
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(20),
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        if (target.UnixSocketPath is { } path)
        {
            handler.ConnectCallback = new UnixSocketConnector(path).ConnectAsync;
        }

        return handler;
    }
}
