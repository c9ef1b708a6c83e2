using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Odop.Agent.Engine;
using Odop.Agent.Profiles;
using Odop.Core.Hardware;
using Odop.Scheduling;

namespace Odop.Agent.Loop;

/// <summary>
/// The agent's single reader. Every state change (enqueue, user verb, engine event, tick) is one
/// event on one channel, handled to completion before the next: the execution book needs no locks
/// and every transition happens in one well-defined order. The loop never waits on I/O; engine
/// calls run off-loop and post their answers back as events.
/// </summary>
internal sealed partial class AgentLoop
{
    private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ExecutionBook _book = new();
    private readonly Odop.Store.IExecutionStore _store;
    private readonly AgentOptions _options;
    private readonly CpuSet _usableCpus;
    private readonly SchedulerCore _scheduler;
    private readonly ProfileFeedbackWriter _feedback;
    private readonly ExecutionEventHub _hub;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private EngineClient? _engine;
    private bool _engineConnected;
    private CpuSet _simulationCpus = CpuSet.Empty;
    private int _simulationRanks;
    private SimulationCoreUse _simulationCoreUse;

    public AgentLoop(AgentOptions options, CpuSet usableCpus, SchedulerCore scheduler, ProfileFeedbackWriter feedback,
        ExecutionEventHub hub, Odop.Store.IExecutionStore store, TimeProvider clock, ILogger logger)
    {
        _store = store;
        _options = options;
        _usableCpus = usableCpus;
        _scheduler = scheduler;
        _feedback = feedback;
        _hub = hub;
        _clock = clock;
        _logger = logger;
    }

    public ChannelWriter<AgentEvent> Writer => _events.Writer;

    private volatile int[] _sideTaskPids = [];
    private AgentCounts _counts = new(0, 0, 0); // guarded by _countsGate: a struct cannot be volatile
    private readonly Lock _countsGate = new();

    /// <summary>Pids of the side tasks running now; read by the sampler on its own thread.</summary>
    public IReadOnlyList<int> SideTaskPids => _sideTaskPids;

    /// <summary>How many executions wait and run, and how many simulation ranks the loop knows.</summary>
    public AgentCounts Counts { get { lock (_countsGate) return _counts; } }

    public void AttachEngine(EngineClient engine) => _engine = engine;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            AgentEvent? next = null;
            while (next is not null || await _events.Reader.WaitToReadAsync(stopping))
            {
                var agentEvent = next ?? (_events.Reader.TryRead(out var read) ? read : null);
                next = null;
                if (agentEvent is null) continue;
                try
                {
                    if (agentEvent is EnqueueRequested first)
                    {
                        // Group commit: every enqueue already waiting shares one durable transaction.
                        var batch = new List<EnqueueRequested> { first };
                        while (_events.Reader.TryRead(out var more))
                        {
                            if (more is EnqueueRequested e) batch.Add(e);
                            else { next = more; break; }
                        }
                        await HandleEnqueueAsync(batch);
                    }
                    else if (agentEvent is SetPriorityRequested setPriority)
                    {
                        await HandleSetPriorityAsync(setPriority);
                    }
                    else if (agentEvent is HistoryPurgeDue)
                    {
                        await PurgeHistoryAsync();
                    }
                    else
                    {
                        Handle(agentEvent);
                    }
                    // Crash point: state changes of this event are in memory only until this commit; a crash
                    // here is repaired on restart by reconciling the stored states with the engine's list.
                    await FlushTransitionsAsync();
                    await FlushNotesAsync();
                    await FlushLeasesAsync();
                    PublishViews();
                }
                catch (Exception e)
                {
                    // A bug in one handler must not take the node's side tasks down with it.
                    LoopErrorLog(_logger, agentEvent.GetType().Name, e);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            _hub.CompleteAll();
        }
    }

    private void Handle(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case EngineListed e: HandleEngineListed(e); break;
            case UserCommandRequested e: HandleUserCommand(e); break;
            case ListRequested e: HandleList(e); break;
            case GroupsRequested e: HandleGroups(e); break;
            case InfoRequested e: HandleInfo(e); break;
            case EngineEventReceived e: HandleEngineEvent(e.Event); break;
            case EngineCallCompleted e: HandleEngineCallCompleted(e); break;
            case EngineConnectionChanged e: HandleEngineConnection(e); break;
            case SimulationCpusChanged e: HandleSimulationCpus(e); break;
            case NodeSampled e: HandleNodeSampled(e); break;
            case OnTimeoutFinished e: HandleOnTimeoutFinished(e); break;
            case LeaseAcquireRequested e: HandleLeaseAcquire(e); break;
            case LeaseReleaseRequested e: HandleLeaseRelease(e); break;
            case Tick: break;
            default: throw new UnreachableException(agentEvent.GetType().Name);
        }
    }

    /// <summary>Refreshes the views other threads read; cheap, as only live executions are walked.</summary>
    private void PublishViews()
    {
        var live = _book.Live;
        var pids = new int[live.Count];
        var n = 0;
        foreach (var execution in live)
            if (execution.Record.Pid is { } pid and > 0) pids[n++] = pid;
        if (n != _sideTaskPids.Length || !pids.AsSpan(0, n).SequenceEqual(_sideTaskPids)) _sideTaskPids = pids[..n];
        var counts = new AgentCounts(_book.QueuedCount, live.Count, _simulationRanks);
        lock (_countsGate) _counts = counts;
    }

    private void HandleEngineConnection(EngineConnectionChanged e)
    {
        if (_engineConnected == e.Connected) return;
        _engineConnected = e.Connected;
        EngineConnectionLog(_logger, e.Connected, e.Error ?? "");
    }

    private void HandleSimulationCpus(SimulationCpusChanged e)
    {
        if (!_simulationCpus.Equals(e.Cpus)) SimulationCpusLog(_logger, e.Ranks, e.Cpus.ToString());
        _simulationCpus = e.Cpus;
        _simulationRanks = e.Ranks;
        _simulationCoreUse = e.Use;
    }

    /// <summary>`odop run` reserves its ranks' cores (lending their gaps or not); otherwise their load decides.</summary>
    private bool SimulationReserved => _simulationCoreUse != SimulationCoreUse.Shared;

    private DateTimeOffset Now => _clock.GetUtcNow();

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Agent loop failed handling {Event}")]
    private static partial void LoopErrorLog(ILogger logger, string @event, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Engine connected: {Connected} {Error}")]
    private static partial void EngineConnectionLog(ILogger logger, bool connected, string error);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Simulation: {Ranks} rank(s) bound to CPUs {Cpus}")]
    private static partial void SimulationCpusLog(ILogger logger, int ranks, string cpus);
}
