using Microsoft.Extensions.Logging;
using Odop.Agent.Engine;
using Odop.Agent.Loop;
using Odop.Agent.Profiles;
using Odop.Agent.Services;
using Odop.Agent.Simulation;
using Odop.Core.Hardware;
using Odop.Node;
using Odop.Protocol;
using Odop.Scheduling.Placement;

namespace Odop.Agent;

/// <summary>
/// One running agent: the gRPC services on its socket, the loop, the engine connection, the
/// simulation watcher and the profile writer. Built in one place so every collaborator is visible.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly GrpcServer _server;
    private readonly GrpcChannel _engineChannel;
    private readonly ProfileFeedbackWriter _feedback;
    private readonly List<Task> _background = [];
    private SimulationWatcher? _watcher;

    private AgentHost(GrpcServer server, GrpcChannel engineChannel, ProfileFeedbackWriter feedback)
    {
        _server = server;
        _engineChannel = engineChannel;
        _feedback = feedback;
    }

    public string SocketPath => _server.UnixSocketPath!;

    public int? TcpPort => _server.TcpPort;

    /// <summary>True when every measured usage has been written to its profile.</summary>
    public bool ProfilesWritten => _feedback.Idle;

    /// <summary>Counts as the simulation only the MPI ranks below this process from now on.</summary>
    public void WatchSimulation(int rootPid, bool keepCoresAfterExit = true) => _watcher?.WatchDescendantsOf(rootPid, keepCoresAfterExit);

    public static async Task<AgentHost> StartAsync(AgentOptions options, ILoggerFactory loggers, TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        clock ??= TimeProvider.System;
        var logger = loggers.CreateLogger("Odop.Agent");
        var usable = Affinity.OfCurrentProcess().Except(options.ExcludedCpus);
        if (usable.IsEmpty)
            throw new ArgumentException($"--exclude-cpus {options.ExcludedCpus} leaves no CPU for side tasks (this agent may use {Affinity.OfCurrentProcess()})");

        var catalog = new ProfileCatalog(options.ProfilesDirectory, clock);
        catalog.KnownNames(); // fail early on an unreadable folder; invalid files are reported per file
        var feedback = new ProfileFeedbackWriter(catalog, clock, loggers.CreateLogger("Odop.Agent.Profiles"));
        var hub = new ExecutionEventHub();
        var loop = new AgentLoop(options, usable, CorePlacer.Default(), feedback, hub, clock, logger);

        var engineChannel = AgentEndpointParser.Open(options.EngineEndpoint, options.MaxMessageSize);
        var engine = new EngineClient(engineChannel, loop.Writer, options.EngineCallTimeout, logger);
        loop.AttachEngine(engine);

        var server = new GrpcServer(new GrpcServerOptions
        {
            UnixSocketPath = options.SocketPath,
            TcpEndpoint = options.TcpEndpoint,
            MaxReceiveMessageSize = options.MaxMessageSize,
            MaxSendMessageSize = options.MaxMessageSize,
            LoggerFactory = loggers,
        });
        new QueueService(loop, catalog).Register(server);
        new ExecutionsService(loop, hub).Register(server);

        var host = new AgentHost(server, engineChannel, feedback);
        var stopping = host._stopping.Token;
        host._background.Add(Task.Run(() => loop.RunAsync(stopping), CancellationToken.None));
        host._background.Add(Task.Run(() => feedback.RunAsync(stopping), CancellationToken.None));
        host._background.Add(Task.Run(() => engine.FollowEventsAsync(stopping), CancellationToken.None));
        host._watcher = new SimulationWatcher(options.SimulationRootPid, loop.Writer, options.SamplingPeriod);
        host._background.Add(Task.Run(() => host._watcher.RunAsync(stopping), CancellationToken.None));
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _feedback.Complete();
        await _stopping.CancelAsync();
        try { await Task.WhenAll(_background).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception) { /* background loops end on cancellation; a timeout here only delays exit */ }
        _engineChannel.Dispose();
        _stopping.Dispose();
    }
}
