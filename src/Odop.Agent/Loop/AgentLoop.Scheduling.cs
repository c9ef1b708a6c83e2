using Odop.Core.Executions;
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
            foreach (var (id, reply) in _forced) reply.TrySetException(new RpcException(StatusCode.Unavailable, "the engine is not connected"));
            _forced.Clear();
            return;
        }

        var node = new NodeView(_usableCpus, _simulationCpus, _book.LeasedCpus());
        var forced = _forced.Keys.Select(id => _book.TryGet(id, out var r) ? r : null).OfType<ExecutionRecord>()
            .Where(r => r.State == ExecutionState.Queued).Select(r => Request(r, forced: true));
        var queued = _book.QueuedInOrder.Where(r => !_forced.ContainsKey(r.ExecutionId.Value)).Select(r => Request(r, forced: false));

        foreach (var outcome in _placer.Place(node, forced.Concat(queued)))
        {
            if (!_book.TryGet(outcome.ExecutionId, out var record)) continue;
            var forcedReply = _forced.Remove(outcome.ExecutionId, out var reply) ? reply : null;
            switch (outcome)
            {
                case Placed placed:
                    record.Cpus = placed.Cpus;
                    record.PlacementNote = null;
                    Transition(record, ExecutionState.Starting, forcedReply is null
                        ? $"placed on idle CPUs {placed.Cpus}"
                        : $"started by user on CPUs {placed.Cpus}");
                    SendStart(record);
                    forcedReply?.TrySetResult(record.ToProto(includeTransitions: true));
                    break;
                case NotPlaced refused:
                    record.PlacementNote = $"{refused.Filter}: {refused.Reason}";
                    forcedReply?.TrySetException(new RpcException(StatusCode.FailedPrecondition, $"cannot start {record.ExecutionId} now: {refused.Reason}"));
                    break;
            }
        }
    }

    private PlacementRequest Request(ExecutionRecord record, bool forced) =>
        new(record.ExecutionId.Value, record.Priority, record.Sequence, ProfileCores.Wanted(_profileOf[record.ExecutionId.Value]), forced);

    private void SendStart(ExecutionRecord record)
    {
        var profile = _profileOf[record.ExecutionId.Value];
        var command = new StartCommand
        {
            ExecutionId = record.ExecutionId.Value,
            TaskId = record.TaskId,
            ExecutionMetadataJson = record.ExecutionMetadata.ToJsonString(),
            TaskSpecificationJson = profile.ToJson().ToJsonString(),
            BaseDirectory = profile.File is { } path ? Path.GetDirectoryName(path) ?? "" : "",
            Placement = new Placement { Node = _options.NodeName },
        };
        command.Placement.Cpus.AddRange(record.Cpus!.Ids);
        _engine!.Send(record.ExecutionId.Value, "start", (c, o) => c.UnaryAsync(EngineMethods.Start, command, o));
    }
}
