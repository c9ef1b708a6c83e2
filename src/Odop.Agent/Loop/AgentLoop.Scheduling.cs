using Odop.Core.Executions;
using Odop.Core.Hardware;
using Odop.Protocol;
using Odop.Protocol.V1;
using Odop.Scheduling;
using Odop.Scheduling.Placement;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    private readonly List<PlacementRequest> _requests = [];
    private readonly List<string> _endedSinceDecision = [];
    private IReadOnlyList<CoreSample> _latestCores = [];
    private long _availableMemory = long.MaxValue;
    private long _totalMemory;
    private TimeSpan _now;

    private void HandleNodeSampled(NodeSampled e)
    {
        _latestCores = e.Cores;
        _availableMemory = e.AvailableMemoryBytes;
        _totalMemory = e.TotalMemoryBytes;
        if (e.Now > _now) _now = e.Now;
        EnforceTimeLimits();
        ApplyWorkflow();
        Decide(e.Cores);
    }

    /// <summary>
    /// An execution that ended frees its cores now: the next round runs at once, on the latest samples,
    /// rather than at the next sample. Waiting for it left a core idle for half a period on average
    /// between two side tasks, a tenth of a one-second task.
    /// </summary>
    private void PlaceOnFreedCores()
    {
        if (_endedSinceDecision.Count == 0 || _latestCores.Count == 0) return;
        // As a sampled round does: the end may release a dependent, start a retry's backoff or stop a group.
        ApplyWorkflow();
        Decide([]);
    }

    /// <summary>
    /// One scheduling round: the pure core sees the samples, the node and the queue, and says what to
    /// start, move, pause, resume or requeue; this method carries that out. Runs on every sample, and at
    /// once (with the latest samples) for a user's `start` and when an execution ends.
    /// </summary>
    private void Decide(IReadOnlyList<CoreSample> samples)
    {
        MaintainLeases();
        if (_engine is null) return;
        if (!_engineConnected)
        {
            foreach (var reply in _forced.Values) reply.TrySetException(new RpcException(StatusCode.Unavailable, "the engine is not connected"));
            _forced.Clear();
            return;
        }

        _requests.Clear();
        foreach (var id in _forced.Keys)
            if (_book.TryGet(id, out var f) && f.State == ExecutionState.Queued) _requests.Add(Request(f, forced: true));
        foreach (var queued in _book.QueuedInOrder)
            if (!_forced.ContainsKey(queued.Id) && !_heldByWorkflow.Contains(queued.Id)) _requests.Add(Request(queued, forced: false));

        var (excluded, gapFill) = ExcludedForScheduler();
        var node = new NodeFacts(_usableCpus)
        {
            SimulationCpus = _simulationCpus,
            // Reserved simulation cores (odop run) and leased cores are out of reach whatever their load; otherwise load decides.
            ExcludedCpus = excluded,
            GapFillCpus = gapFill,
            AvailableMemoryBytes = _availableMemory,
            TotalMemoryBytes = _totalMemory,
        };
        var decision = _scheduler.Decide(new SchedulingInput(_now, node, samples, _requests) { Ended = [.. _endedSinceDecision] });
        _endedSinceDecision.Clear();

        foreach (var command in decision.Commands) Apply(command);
        foreach (var refusal in decision.Refusals)
        {
            if (!_book.TryGet(refusal.ExecutionId, out var waiting)) continue;
            NoteWaiting(waiting, refusal.Filter, $"waiting: {refusal.Filter}: {refusal.Reason}");
            if (_forced.Remove(refusal.ExecutionId, out var reply))
                reply.TrySetException(new RpcException(StatusCode.FailedPrecondition, $"cannot start {refusal.ExecutionId} now: {refusal.Reason}"));
        }
        // Forced starts neither started nor explained (the round stopped early) get their answer too.
        foreach (var (id, reply) in _forced) reply.TrySetException(new RpcException(StatusCode.FailedPrecondition, $"cannot start {id} now: no free core ({decision.Note})"));
        _forced.Clear();
    }

    private void Apply(SchedulerCommand command)
    {
        if (!_book.TryGet(command.ExecutionId, out var execution)) return;
        var id = execution.Id;
        switch (command)
        {
            case Start start when execution.State == ExecutionState.Queued:
                var forcedReply = _forced.Remove(id, out var reply) ? reply : null;
                execution.Record.Placement = start.Cpus;
                execution.PlacementNote = null;
                Transition(execution, ExecutionState.Starting, forcedReply is null
                    ? $"placed on CPUs {Describe(start.Cpus)}: {start.Reason}"
                    : $"started by user on CPUs {Describe(start.Cpus)}");
                SendStart(execution);
                forcedReply?.TrySetResult(execution.ToProto(includeTransitions: true));
                break;
            case SetAffinity move when execution.State.IsLive():
                execution.Record.Placement = move.Cpus;
                execution.Moves++;
                execution.PlacementNote = $"moved to CPUs {move.Cpus}: {move.Reason}";
                var affinity = new SetAffinityCommand { ExecutionId = id };
                affinity.Cpus.AddRange(move.Cpus.Ids);
                _engine!.Send(id, "set_affinity", (c, o) => c.UnaryAsync(EngineMethods.SetAffinity, affinity, o));
                break;
            // A pause or resume that crosses a start or a pause still in flight is sent all the same: the engine
            // client delivers one execution's calls in order, and the scheduler counts on every command it gives.
            case Pause pause when execution.State is ExecutionState.Running or ExecutionState.Starting && !execution.PausedByScheduler:
                execution.PausedByScheduler = true;
                execution.PauseReason.Set($"paused by the scheduler: {pause.Reason}");
                _engine!.Send(id, "pause", (c, o) => c.UnaryAsync(EngineMethods.Pause, new EngineRef { ExecutionId = id }, o));
                break;
            case Resume resume when execution.State.IsLive() && execution.PausedByScheduler:
                execution.PausedByScheduler = false;
                execution.ResumeReason.Set($"resumed by the scheduler: {resume.Reason}");
                if (resume.Cpus is { } cpus) execution.Record.Placement = cpus;
                _engine!.Send(id, "resume", async (c, o) =>
                {
                    if (resume.Cpus is { } to)
                    {
                        var move = new SetAffinityCommand { ExecutionId = id };
                        move.Cpus.AddRange(to.Ids);
                        await c.UnaryAsync(EngineMethods.SetAffinity, move, o);
                    }
                    return await c.UnaryAsync(EngineMethods.Resume, new EngineRef { ExecutionId = id }, o);
                });
                break;
            case StopAndRequeue requeue when execution.State.IsLive():
                execution.RequeueAfterStop = true;
                execution.PendingStopReason.Set(requeue.Reason);
                SendStop(execution, requeue.Reason);
                break;
            default:
                // The execution changed since the round began (a user stopped it, it exited): the core hears of it next round.
                if (!execution.State.IsLive()) _endedSinceDecision.Add(id);
                break;
        }
    }

    private static string Describe(CpuSet cpus) => cpus.IsEmpty ? "any (unpinned)" : cpus.ToString();

    private static PlacementRequest Request(TrackedExecution execution, bool forced) =>
        PlacementRequest.For(execution.Id, execution.Record.Priority, execution.Record.EnqueueSequence, execution.Profile.Requirement, forced,
            execution.Record.Class);

    private void SendStart(TrackedExecution execution)
    {
        var command = new StartCommand
        {
            ExecutionId = execution.Id,
            TaskId = execution.Record.TaskId,
            ExecutionMetadataJson = execution.Metadata.ToJsonString(),
            TaskSpecificationJson = execution.Profile.ToJson().ToJsonString(),
            BaseDirectory = execution.Profile.File is { } path ? Path.GetDirectoryName(Path.GetFullPath(path)) ?? "" : "",
            Placement = new Placement { Node = _options.NodeName },
        };
        command.Placement.Cpus.AddRange(execution.Record.Placement.Ids);
        _engine!.Send(execution.Id, "start", (c, o) => c.UnaryAsync(EngineMethods.Start, command, o));
    }
}
