using System.Net;
using Microsoft.Extensions.Logging;

namespace Odop.Protocol.Tests.Infrastructure;

/// <summary>A running <see cref="GrpcServer"/> with the <see cref="TestService"/>, on a Unix socket and on loopback TCP.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly TempDirectory _directory = new();

    private TestServer(Func<TestService, GrpcServerOptions, GrpcServer>? configure)
    {
        Options = new GrpcServerOptions
        {
            UnixSocketPath = _directory.File("s.sock"),
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            LoggerFactory = Logs,
            MaxReceiveMessageSize = 64 * 1024,
            MaxSendMessageSize = 64 * 1024,
        };
        Server = configure?.Invoke(Service, Options) ?? Service.Register(new GrpcServer(Options));
    }

    public TestService Service { get; } = new();

    public TestLoggerFactory Logs { get; } = new();

    public GrpcServerOptions Options { get; }

    public GrpcServer Server { get; }

    public string UnixSocketPath => Server.UnixSocketPath!;

    public string TcpAddress => $"http://127.0.0.1:{Server.TcpPort}";

    public static async Task<TestServer> StartAsync(Func<TestService, GrpcServerOptions, GrpcServer>? configure = null)
    {
        var server = new TestServer(configure);
        await server.Server.StartAsync();
        return server;
    }

    public GrpcChannel Channel(string transport, GrpcChannelOptions? options = null) => transport switch
    {
        "unix" => GrpcChannel.ForUnixSocket(UnixSocketPath, options),
        "tcp" => GrpcChannel.ForAddress(TcpAddress, options),
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };

    /// <summary>Errors the server logged that a test did not expect.</summary>
    public IReadOnlyList<TestLoggerFactory.LogEntry> Errors(params int[] expectedEventIds) =>
        Logs.Entries.Where(e => e.Level >= LogLevel.Error && !expectedEventIds.Contains(e.EventId.Id)).ToList();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
