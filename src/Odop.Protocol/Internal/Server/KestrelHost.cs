using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Odop.Protocol.Internal.Server;

/// <summary>
/// Kestrel, configured for gRPC and nothing else: HTTP/2 without TLS (prior knowledge), no generic host,
/// no middleware, the Unix socket bound through <see cref="UnixSocketBinding"/>.
/// </summary>
internal sealed class KestrelHost
{
    private readonly KestrelServer _kestrel;
    private ListenOptions? _tcpListen;

    private KestrelHost(string? unixSocketPath, IPEndPoint? tcpEndpoint, ILoggerFactory? loggerFactory)
    {
        var kestrelLoggers = loggerFactory is null ? (ILoggerFactory)NullLoggerFactory.Instance : new KestrelLoggerFactory(loggerFactory);
        var options = CreateOptions();
        if (unixSocketPath is not null)
        {
            options.ListenUnixSocket(unixSocketPath, listen => listen.Protocols = HttpProtocols.Http2);
        }

        if (tcpEndpoint is not null)
        {
            // Listen calls back at once; the ListenOptions learns the real port when Kestrel binds.
            options.Listen(tcpEndpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                _tcpListen = listen;
            });
        }

        var transport = new SocketTransportOptions
        {
            CreateBoundListenSocket = endPoint => endPoint is UnixDomainSocketEndPoint unix && unixSocketPath is not null
                ? UnixSocketBinding.Bind(unix, unixSocketPath)
                : SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint),
        };
        _kestrel = new KestrelServer(
            MsOptions.Create(options),
            new SocketTransportFactory(MsOptions.Create(transport), kestrelLoggers),
            kestrelLoggers);
    }

    /// <summary>The bound TCP port (the real one when 0 was asked for); null without TCP.</summary>
    public int? TcpPort => (_tcpListen?.EndPoint as IPEndPoint)?.Port;

    public static async Task<KestrelHost> StartAsync(
        string? unixSocketPath,
        IPEndPoint? tcpEndpoint,
        ILoggerFactory? loggerFactory,
        IHttpApplication<HttpContext> application,
        CancellationToken cancellationToken)
    {
        var host = new KestrelHost(unixSocketPath, tcpEndpoint, loggerFactory);
        try
        {
            await host._kestrel.StartAsync(application, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host._kestrel.Dispose();
            throw;
        }

        return host;
    }

    /// <summary>
    /// Stops listening, sends GOAWAY and waits for open calls; once <paramref name="graceOver"/> fires, aborts
    /// the remaining connections. Releases Kestrel either way.
    /// </summary>
    public async Task StopAsync(CancellationToken graceOver)
    {
        try
        {
            await _kestrel.StopAsync(graceOver).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _kestrel.Dispose();
        }
    }

    private static KestrelServerOptions CreateOptions()
    {
        var options = new KestrelServerOptions { AddServerHeader = false };
        // Message size limits are ours to enforce per message; body rates would cut slow but healthy streams.
        options.Limits.MaxRequestBodySize = null;
        options.Limits.MinRequestBodyDataRate = null;
        options.Limits.MinResponseDataRate = null;
        // One client may multiplex many ranks' calls over one connection; allow them all in flight.
        options.Limits.Http2.MaxStreamsPerConnection = 1000;
        // Longer than a client's idle timeout, so the client closes idle connections and never races a server close.
        options.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(10);
        return options;
    }
}
