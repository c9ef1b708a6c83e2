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
            // The engine's socket is private to the agent's user: nobody else, token or not (root can connect to any socket).
            Authorizer = static context => context.PeerIsServerUser
                ? ValueTask.CompletedTask
                : throw new RpcException(StatusCode.PermissionDenied, "the engine serves only processes of its own user (the agent)"),
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

    /// <summary>
    /// Stops serving, then stops every task this engine still runs: only this process can wait for its
    /// children, so a task left behind would run unaccounted on a core the scheduler thinks is free.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        var live = _supervisor.List().Where(s => s.IsLive).ToList();
        foreach (var execution in live)
        {
            try { _supervisor.Stop(execution.ExecutionId); }
            catch (ExecutionConflictException) { /* ended meanwhile */ }
        }
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var execution in live)
        {
            try { await _supervisor.WaitForExitAsync(execution.ExecutionId, bounded.Token); }
            catch (OperationCanceledException) { break; }
            catch (ExecutionNotFoundException) { }
        }
        await _supervisor.DisposeAsync();
    }
}
