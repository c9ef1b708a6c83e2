using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Odop.Agent.Profiles;
using Odop.Core.Executions;
using Odop.Core.Hardware;
using Odop.Protocol.V1;
using Odop.Store;
using ExecutionState = Odop.Core.Executions.ExecutionState;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    private readonly List<TransitionRequest> _pendingTransitions = [];
    private readonly HashSet<string> _unreconciled = new(StringComparer.Ordinal);

    private async Task FlushTransitionsAsync()
    {
        if (_pendingTransitions.Count == 0) return;
        var batch = _pendingTransitions.ToList();
        _pendingTransitions.Clear();
        try
        {
            foreach (var refused in (await _store.ApplyAsync(batch)).Where(r => r.Outcome != TransitionOutcome.Applied))
                StoreRefusedLog(_logger, refused.Id.Value, refused.Outcome.ToString(), refused.ActualState?.ToString() ?? "none");
        }
        catch (OdopStoreException e)
        {
            // Memory is ahead of the disk; the next restart reconciles stored states with the engine.
            StoreFailedLog(_logger, e.Message);
        }
    }

    /// <summary>
    /// Rebuilds the queue from the store after a restart: queued executions keep their order; live ones
    /// wait for the engine's list (adopted if it still runs them, queued again if it does not).
    /// </summary>
    public async Task RestoreAsync(ProfileCatalog profiles, CancellationToken cancellationToken)
    {
        var recovered = await _store.LoadLiveAndQueuedAsync(cancellationToken);
        _book.ContinueSequenceFrom(await _store.MaxSequenceAsync(cancellationToken));
        foreach (var record in recovered.Queued.Concat(recovered.Live).Concat(recovered.Lost))
        {
            var profile = profiles.Find(record.TaskId);
            var metadata = new JsonObject { ["execution_option"] = record.ExecutionOption.DeepClone() };
            if (profile is null)
            {
                // Cannot run without its profile; fail it in the store so it does not come back every restart.
                if (record.State == ExecutionState.Queued)
                    await _store.TryTransitionAsync(record.Id, ExecutionState.Queued, ExecutionState.Failed, Now,
                        $"profile '{record.TaskName ?? record.TaskId}' is gone", cancellationToken: cancellationToken);
                continue;
            }
            var execution = new TrackedExecution(record, profile, metadata);
            _book.Add(execution);
            if (record.State.IsLive()) _unreconciled.Add(execution.Id);
            if (record.State == ExecutionState.Lost) AfterLost(execution, "queued again after a restart");
        }
        await RestoreWorkflowAsync(cancellationToken);
        await FlushTransitionsAsync();
        RestoredLog(_logger, recovered.Queued.Count, recovered.Live.Count, recovered.Lost.Count);
    }

    /// <summary>
    /// The engine's list after (re)connecting. Executions it reports are brought in line (and adopted by
    /// the scheduler); live ones it does not know were lost with an engine restart and are queued again.
    /// </summary>
    private void HandleEngineListed(EngineListed e)
    {
        var reported = e.Executions.ToDictionary(x => x.ExecutionId, StringComparer.Ordinal);
        foreach (var execution in _book.Live.ToList())
        {
            if (reported.TryGetValue(execution.Id, out var known))
            {
                ApplyEngineState(execution, known);
                if (_unreconciled.Remove(execution.Id) && execution.State.IsLive())
                    _scheduler.Adopt(execution.Id, execution.Record.Placement, _now, Request(execution, forced: false).CoresNeeded,
                        paused: execution.State == ExecutionState.Paused, executionClass: execution.Record.Class);
                continue;
            }
            if (execution.State == ExecutionState.Starting && !_unreconciled.Contains(execution.Id)) continue; // its start is in flight
            _unreconciled.Remove(execution.Id);
            _endedSinceDecision.Add(execution.Id);
            Transition(execution, ExecutionState.Lost, "the engine no longer runs it (engine restarted)");
            execution.Record.Pid = null;
            execution.Record.Placement = CpuSet.Empty;
            AfterLost(execution, "queued again");
        }
    }

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Store refused the transition of {ExecutionId}: {Outcome} (stored state {State})")]
    private static partial void StoreRefusedLog(ILogger logger, string executionId, string outcome, string state);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Error, Message = "Could not persist transitions: {Error}")]
    private static partial void StoreFailedLog(ILogger logger, string error);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Information, Message = "Restored {Queued} queued, {Live} live and {Lost} lost execution(s) from the store")]
    private static partial void RestoredLog(ILogger logger, int queued, int live, int lost);
}
