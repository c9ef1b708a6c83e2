using Odop.Core.Hardware;
using Odop.Protocol.V1;

namespace Odop.Agent.Loop;

/// <summary>Everything that changes the agent's state arrives as one of these, on one channel, in order.</summary>
internal abstract record AgentEvent;

/// <summary>Validated queue elements; all are enqueued or none.</summary>
internal sealed record EnqueueRequested(IReadOnlyList<ValidatedElement> Elements, TaskCompletionSource<EnqueueBatchReply> Reply) : AgentEvent;

internal enum UserVerb { Get, Start, Stop, Skip, Pause, Resume }

internal sealed record UserCommandRequested(UserVerb Verb, string ExecutionId, TaskCompletionSource<Execution> Reply) : AgentEvent;

/// <summary>`odop tasks set-priority`: answered once the new priority is committed.</summary>
internal sealed record SetPriorityRequested(string ExecutionId, int Priority, TaskCompletionSource<Execution> Reply) : AgentEvent;

/// <summary>A profile's on_timeout command ended; <paramref name="Outcome"/> goes into the execution's history.</summary>
internal sealed record OnTimeoutFinished(string ExecutionId, string Outcome) : AgentEvent;
/// <summary>Where groups stand: one by name, or all when <paramref name="Name"/> is null.</summary>
internal sealed record GroupsRequested(string? Name, TaskCompletionSource<ListGroupsReply> Reply) : AgentEvent;

internal sealed record ListRequested(ListExecutionsRequest Request, TaskCompletionSource<ListExecutionsReply> Reply) : AgentEvent;

/// <summary>
/// The cores simulation ranks are bound to changed (or were read for the first time), and what side tasks may do there
/// (`odop run` reserves them, or lends only their gaps, during the run and while side tasks drain after it).
/// </summary>
internal sealed record SimulationCpusChanged(CpuSet Cpus, int Ranks, SimulationCoreUse Use = SimulationCoreUse.Shared) : AgentEvent;

/// <summary>One sampling period's per-core utilisation (with our side tasks' own share) and memory: the scheduler's clock.</summary>
internal sealed record NodeSampled(TimeSpan Now, IReadOnlyList<Odop.Scheduling.CoreSample> Cores, long AvailableMemoryBytes, long TotalMemoryBytes) : AgentEvent;

internal sealed record EngineEventReceived(EngineEvent Event) : AgentEvent;

/// <summary>The answer to a Start/Stop/Pause/Resume call the loop sent to the engine.</summary>
internal sealed record EngineCallCompleted(string ExecutionId, string Verb, EngineExecution? Result, string? Error) : AgentEvent
{
    /// <summary>The engine's status when it refused the call; null when it answered, or never did.</summary>
    public Odop.Protocol.StatusCode? ErrorStatus { get; init; }
}

internal sealed record EngineConnectionChanged(bool Connected, string? Error) : AgentEvent;

/// <summary>The engine answered List after (re)connecting: what it runs, or ran recently, right now.</summary>
internal sealed record EngineListed(IReadOnlyList<EngineExecution> Executions) : AgentEvent;

/// <summary>`odop info`: what runs where, the queue and its drain estimate.</summary>
internal sealed record InfoRequested(TaskCompletionSource<InfoReply> Reply) : AgentEvent;

/// <summary>Time to purge ended executions older than the history retention.</summary>
internal sealed record HistoryPurgeDue : AgentEvent
{
    public static readonly HistoryPurgeDue Instance = new();
}

internal sealed record Tick : AgentEvent
{
    public static readonly Tick Instance = new();
}
