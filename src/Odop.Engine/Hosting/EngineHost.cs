using Microsoft.Extensions.Logging;
using Odop.Engine.Supervision;
using Odop.Protocol;

namespace Odop.Engine.Hosting;

/// <summary>One running engine: the supervisor that owns the task processes, served as odop.v1.Engine.</summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly GrpcServer _server;
    private readonly ExecutionSupervisor _supervisor;

    private EngineHost(GrpcServer server, ExecutionSupervisor supervisor, string logDirectory)
    {
        _server = server;
        _supervisor = supervisor;
        LogDirectory = logDirectory;
    }

    public string SocketPath => _server.UnixSocketPath!;
    public string LogDirectory { get; }

    public static async Task<EngineHost> StartAsync(EngineHostOptions options, ILoggerFactory loggers, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.LogDirectory);
        var supervisor = new ExecutionSupervisor(new ExecutionSupervisorOptions
        {
            LogDirectory = options.LogDirectory,
            DefaultStopGrace = options.DefaultStopGrace,
        });
        var server = new GrpcServer(new GrpcServerOptions
        {
            UnixSocketPath = options.SocketPath,
            MaxReceiveMessageSize = options.MaxMessageSize,
            MaxSendMessageSize = options.MaxMessageSize,
            LoggerFactory = loggers,
        });
        new EngineService(supervisor, loggers.CreateLogger("Odop.Engine")).Register(server);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch
        {
            await supervisor.DisposeAsync();
            throw;
        }
        return new EngineHost(server, supervisor, options.LogDirectory);
    }

    /// <summary>Stops serving, then stops every task this engine still runs (they belong to it).</summary>
    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _supervisor.DisposeAsync();
    }
}
