using Microsoft.Extensions.Logging;
using Odop.Agent.Access;
using Odop.Agent.Cluster;
using Odop.Agent.Engine;
using Odop.Agent.Loop;
using Odop.Agent.Monitoring;
using Odop.Agent.Profiles;
using Odop.Agent.Services;
using Odop.Node;
using Odop.Node.Topology;
using Odop.Protocol;
using Odop.Scheduling;
using Odop.Store;

namespace Odop.Agent;

/// <summary>
/// One running agent: the gRPC services on its socket, the loop, the engine connection, the node
/// watcher, the profile writer and the node directory. Built in one place so every collaborator is visible.
/// </summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _background = [];
    private GrpcServer _server = null!;
    private GrpcChannel _engineChannel = null!;
    private ProfileFeedbackWriter _feedback = null!;
    private NodeWatcher _watcher = null!;
    private NodeMonitor _monitor = null!;
    private INodeDirectory _nodes = null!;
    private IExecutionStore? _store;
    private IAccessStore? _access;
    private Odop.Archiving.ArchiveDispatcher? _archive;

    private AgentHost()
    {
    }

    public string SocketPath => _server.UnixSocketPath!;

    public int? TcpPort => _server.TcpPort;

    /// <summary>The admin token created on this, the first, start (shown once, then only its hash is kept); null otherwise.</summary>
    public string? InitialAdminToken { get; private set; }

    /// <summary>True when every measured usage has been written to its profile.</summary>
    public bool ProfilesWritten => _feedback.Idle;

    /// <summary>Each configured archiver's backlog and counters; empty without archivers (`odop info` can show this).</summary>
    public IReadOnlyList<Odop.Archiving.ArchiveStatus> ArchiveStatus() => _archive?.Status() ?? [];

    /// <summary>
    /// Counts as the simulation only the MPI ranks below this process from now on; <paramref name="coreUse"/> says what
    /// side tasks may do on the cores they are bound to, during the run and after it.
    /// </summary>
    public void WatchSimulation(int rootPid, SimulationCoreUse coreUse = SimulationCoreUse.Shared) => _watcher.WatchDescendantsOf(rootPid, coreUse);

    public static async Task<AgentHost> StartAsync(AgentOptions options, ILoggerFactory loggers, TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        clock ??= TimeProvider.System;
        var logger = loggers.CreateLogger("Odop.Agent");
        var usable = Affinity.OfCurrentProcess().Except(options.ExcludedCpus);
        if (usable.IsEmpty)
            throw new ArgumentException($"--exclude-cpus {options.ExcludedCpus} leaves no CPU for side tasks (this agent may use {Affinity.OfCurrentProcess()})");

        var host = new AgentHost();
        try
        {
            await host.BuildAsync(options, usable, loggers, logger, clock, cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    private async Task BuildAsync(AgentOptions options, Odop.Core.Hardware.CpuSet usable, ILoggerFactory loggers, ILogger logger,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var catalog = new ProfileCatalog(options.ProfilesDirectory, clock);
        catalog.KnownNames(); // fail early on an unreadable folder; invalid files are reported per file
        _feedback = new ProfileFeedbackWriter(catalog, clock, loggers.CreateLogger("Odop.Agent.Profiles"));
        var hub = new ExecutionEventHub();
        _store = options.StorePath is { } path ? OpenStore(path, options.StoreSynchronous) : ExecutionStores.InMemory();
        var loop = new AgentLoop(options, usable, new SchedulerCore(new SchedulerOptions { Policy = options.Policy, GapFillMinIdleShare = options.GapFillMinIdleShare }), _feedback, hub, _store, clock, logger);
        await loop.RestoreAsync(catalog, cancellationToken);
        _archive = AgentArchive.Create(options, _store, catalog, clock, loggers);
        loop.AttachArchive(_archive);

        var access = await AgentAccess.StartAsync(options, _store, catalog, hub, loop, clock, cancellationToken);
        _access = access.Store;
        InitialAdminToken = access.InitialAdminToken;

        _engineChannel = AgentEndpointParser.Open(options.EngineEndpoint, options.MaxMessageSize);
        var engine = new EngineClient(_engineChannel, loop.Writer, options.EngineCallTimeout, logger);
        loop.AttachEngine(engine);

        _monitor = new NodeMonitor(clock);
        _watcher = new NodeWatcher(options.SimulationRootPid, _monitor, () => loop.SideTaskPids, loop.Writer, options.SamplingPeriod,
            options.KeepOffSimulationCores ? new SelfPlacement() : null);

        _monitor.Sample([], []); // a first sample before serving: Monitor.Snapshot always has one to give
        var inventory = NodeInventory.Read().ToJson();
        NodeReport Self()
        {
            var counts = loop.Counts;
            return new NodeReport(options.NodeName, "unix:" + options.SocketPath, inventory, counts.SimulationRanks,
                counts.Queued, counts.Live, clock.GetUtcNow().ToUnixTimeMilliseconds(), Leaving: false);
        }
        _nodes = options.Cluster
            ? await MpiNodeDirectory.StartAsync(Self, options.ClusterExchangePeriod, options.NodeName, loggers.CreateLogger("Odop.Agent.Cluster"))
            : new LocalNodeDirectory(Self);

        _server = new GrpcServer(new GrpcServerOptions
        {
            UnixSocketPath = options.SocketPath,
            TcpEndpoint = options.TcpEndpoint,
            MaxReceiveMessageSize = options.MaxMessageSize,
            MaxSendMessageSize = options.MaxMessageSize,
            LoggerFactory = loggers,
            Authorizer = access.Policy.AuthorizeAsync,
        });
        new QueueService(loop, catalog, access.Admission).Register(_server);
        new ExecutionsService(loop, hub, _store, access.Owners).Register(_server);
        new GroupsService(loop).Register(_server);
        new InfoService(loop, _store, ArchiveStatus).Register(_server);
        new UsersService(access.Users).Register(_server);
        new LeasesService(loop, access.Store, _store, clock).Register(_server);
        new MonitorService(_monitor, _nodes, options.SamplingPeriod).Register(_server);
        new ArchiveService(_archive).Register(_server);

        var stopping = _stopping.Token;
        _background.Add(Task.Run(() => loop.RunAsync(stopping), CancellationToken.None));
        _background.Add(Task.Run(() => _feedback.RunAsync(stopping), CancellationToken.None));
        _background.Add(Task.Run(() => engine.FollowEventsAsync(stopping), CancellationToken.None));
        _background.Add(Task.Run(() => _watcher.RunAsync(stopping), CancellationToken.None));
        if (options.TrimStartupPagesAfter is { } trimAfter)
            _background.Add(Task.Run(() => WorkingSetTrimming.RunAsync(trimAfter, clock, logger, stopping), CancellationToken.None));
        _background.Add(Task.Run(() => PurgeHistoryPeriodicallyAsync(loop, options, clock, stopping), CancellationToken.None));
        if (_archive is { } archive) _background.Add(Task.Run(() => archive.RunAsync(stopping), CancellationToken.None));
        await _server.StartAsync(cancellationToken);
    }

    /// <summary>History retention: asks the loop to purge old ended executions at start and then every period.</summary>
    private static async Task PurgeHistoryPeriodicallyAsync(AgentLoop loop, AgentOptions options, TimeProvider clock, CancellationToken stopping)
    {
        var period = options.HistoryPurgePeriod
            ?? TimeSpan.FromTicks(Math.Clamp(options.HistoryRetention.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));
        try
        {
            using var timer = new PeriodicTimer(period, clock);
            do await loop.Writer.WriteAsync(HistoryPurgeDue.Instance, stopping);
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private static IExecutionStore OpenStore(string path, SqliteSynchronous synchronous)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return ExecutionStores.OpenSqlite(path, new SqliteStoreOptions { Synchronous = synchronous });
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.StopAsync();
        _feedback?.Complete();
        await _stopping.CancelAsync();
        try { await Task.WhenAll(_background).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception) { /* background loops end on cancellation; a timeout here only delays exit */ }
        if (_nodes is not null) await _nodes.DisposeAsync();
        _monitor?.Dispose();
        _engineChannel?.Dispose();
        if (_access is not null) await _access.DisposeAsync();
        if (_archive is not null) await _archive.DisposeAsync();
        if (_store is not null) await _store.DisposeAsync();
        _stopping.Dispose();
    }
}
