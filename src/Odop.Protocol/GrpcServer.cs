using System.Collections.Frozen;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Odop.Protocol.Internal.Server;

namespace Odop.Protocol;

/// <summary>
/// A gRPC server on Kestrel, HTTP/2 without TLS, on a Unix socket and/or TCP. Register methods, then
/// <see cref="StartAsync"/>; <see cref="StopAsync"/> lets unary calls finish (bounded) and ends streams at once.
/// </summary>
public sealed class GrpcServer : IAsyncDisposable
{
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ServerMethodHandler> _methods = new(StringComparer.Ordinal);
    private readonly ServerRuntime _runtime;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private KestrelHost? _host;
    private bool _started;
    private bool _stopped;

    public GrpcServer(GrpcServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UnixSocketPath is null && options.TcpEndpoint is null)
        {
            throw new ArgumentException("Set UnixSocketPath, TcpEndpoint or both.", nameof(options));
        }

        _options = options;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Odop.Protocol.GrpcServer");
        _runtime = new ServerRuntime(options, _logger);
        UnixSocketPath = options.UnixSocketPath is null ? null : Path.GetFullPath(options.UnixSocketPath);
    }

    /// <summary>The TCP port actually bound (useful with port 0); null without TCP or before start.</summary>
    public int? TcpPort { get; private set; }

    /// <summary>Full path of the Unix socket; null without one.</summary>
    public string? UnixSocketPath { get; }

    public GrpcServer AddUnary<TReq, TResp>(Method<TReq, TResp> method, UnaryHandler<TReq, TResp> handler)
        where TReq : class, IMessage<TReq>
        where TResp : class, IMessage<TResp>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != MethodType.Unary)
        {
            throw new ArgumentException($"{method.FullName} is not unary.", nameof(method));
        }

        return Add(new UnaryMethodHandler<TReq, TResp>(method, handler, _runtime));
    }

    public GrpcServer AddServerStreaming<TReq, TResp>(Method<TReq, TResp> method, ServerStreamingHandler<TReq, TResp> handler)
        where TReq : class, IMessage<TReq>
        where TResp : class, IMessage<TResp>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != MethodType.ServerStreaming)
        {
            throw new ArgumentException($"{method.FullName} is not server streaming.", nameof(method));
        }

        return Add(new ServerStreamingMethodHandler<TReq, TResp>(method, handler, _runtime));
    }

    /// <summary>
    /// Binds and starts serving. Throws <see cref="IOException"/> naming the path when another server
    /// already answers on the Unix socket.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_started)
            {
                throw new InvalidOperationException("The server is already started.");
            }

            if (UnixSocketPath is not null && UnixSocketBinding.Prepare(UnixSocketPath))
            {
                ServerLog.StaleSocketRemoved(_logger, UnixSocketPath);
            }

            var application = new GrpcHttpApplication(_methods.ToFrozenDictionary(StringComparer.Ordinal), _runtime);
            _host = await KestrelHost.StartAsync(
                UnixSocketPath, _options.TcpEndpoint, _options.LoggerFactory, application, cancellationToken).ConfigureAwait(false);
            _started = true;
            TcpPort = _host.TcpPort;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops accepting calls, ends streams (UNAVAILABLE), lets unary calls finish within
    /// <see cref="GrpcServerOptions.ShutdownTimeout"/>, then cancels what remains and releases everything.
    /// </summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            if (_host is { } host)
            {
                await ShutdownAsync(host).ConfigureAwait(false);
            }

            _runtime.Dispose();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private GrpcServer Add(ServerMethodHandler handler)
    {
        if (_started || _stopped)
        {
            throw new InvalidOperationException("Methods must be added before the server starts.");
        }

        if (!_methods.TryAdd(handler.FullName, handler))
        {
            throw new ArgumentException($"{handler.FullName} is already registered.");
        }

        return this;
    }

    private async Task ShutdownAsync(KestrelHost host)
    {
        _runtime.BeginShutdown();
        var grace = _options.ShutdownTimeout;
        using (var graceOver = new CancellationTokenSource(grace))
        using (graceOver.Token.UnsafeRegister(static s => ((ServerRuntime)s!).EndGracePeriod(), _runtime))
        {
            await host.StopAsync(graceOver.Token).ConfigureAwait(false);
            if (graceOver.IsCancellationRequested)
            {
                ServerLog.ShutdownTimedOut(_logger, grace);
            }
        }

        if (UnixSocketPath is not null)
        {
            try
            {
                File.Delete(UnixSocketPath);
            }
            catch (IOException)
            {
                // Best effort: a leftover file is treated as stale by the next server.
            }
        }
    }
}
