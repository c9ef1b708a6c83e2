using Odop.Agent.Profiles;
using Odop.Protocol;
using Odop.Protocol.V1;
using Odop.Scheduling.Placement;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    /// <summary>Places what fits now and sends the starts. Runs after every event; cheap when nothing is idle.</summary>
    private void Schedule()
    {
        if (_engine is null || (_book.QueuedCount == 0 && _forced.Count == 0)) return;
        if (!_engineConnected)
        {
            foreach (var reply in _forced.Values) reply.TrySetException(new RpcException(StatusCode.Unavailable, "the engine is not connected"));
            _forced.Clear();
            return;
        }

        var node = new NodeView(_usableCpus, _simulationCpus, _book.LeasedCpus());
        var forced = _forced.Keys.Select(id => _book.TryGet(id, out var x) ? x : null).OfType<TrackedExecution>()
            .Where(x => x.State == ExecutionState.Queued).Select(x => Request(x, forced: true)).ToList();
        var queued = _book.QueuedInOrder.Where(x => !_forced.ContainsKey(x.Id)).Select(x => Request(x, forced: false));

        foreach (var outcome in _placer.Place(node, forced.Concat(queued)))
        {
            if (!_book.TryGet(outcome.ExecutionId, out var execution)) continue;
            var forcedReply = _forced.Remove(outcome.ExecutionId, out var reply) ? reply : null;
            switch (outcome)
            {
                case Placed placed:
                    execution.Record.Placement = placed.Cpus;
                    execution.PlacementNote = null;
                    Transition(execution, ExecutionState.Starting, forcedReply is null
                        ? $"placed on idle CPUs {placed.Cpus}"
                        : $"started by user on CPUs {placed.Cpus}");
                    SendStart(execution);
                    forcedReply?.TrySetResult(execution.ToProto(includeTransitions: true));
                    break;
                case NotPlaced refused:
                    execution.PlacementNote = $"waiting: {refused.Reason}";
                    forcedReply?.TrySetException(new RpcException(StatusCode.FailedPrecondition, $"cannot start {execution.Id} now: {refused.Reason}"));
                    break;
            }
        }
        // Forced starts the walk never reached (it stops once nothing is free) get their answer too.
        foreach (var (id, reply) in _forced) reply.TrySetException(new RpcException(StatusCode.FailedPrecondition, $"cannot start {id} now: no free core"));
        _forced.Clear();
    }

    private static PlacementRequest Request(TrackedExecution execution, bool forced) =>
        new(execution.Id, execution.Record.Priority, execution.Record.EnqueueSequence, ProfileCores.Wanted(execution.Profile), forced);

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
