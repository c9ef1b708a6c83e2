using System.Diagnostics;
using System.Text.Json.Nodes;
using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Hardware;
using Odop.Core.Profiles;
using Odop.Core.Workflow;

namespace Odop.Store.Internal;

/// <summary>
/// An execution as a store holds it: plain fields plus the history. Both stores turn it into a
/// fresh <see cref="ExecutionRecord"/> the same way, by replaying the history
/// (<see cref="ExecutionRecord.Restore"/>), so a stored history the table forbids is never trusted.
/// </summary>
internal sealed class StoredExecution
{
    /// <summary>Arrival order in the store: breaks ties between equal enqueue sequences.</summary>
    public long Row { get; init; }
    public required ExecutionId Id { get; init; }
    public required string TaskId { get; init; }
    public string? TaskName { get; init; }
    public int Priority { get; set; }
    public ExecutionClass Class { get; init; }
    public required string ExecutionOptionJson { get; init; }
    public long EnqueueSequence { get; init; }
    public DateTimeOffset EnqueuedAt { get; init; }

    public ExecutionState State { get; set; } = ExecutionState.Queued;
    public DateTimeOffset? EndedAt { get; set; }
    public string? Node { get; set; }
    public CpuSet Placement { get; set; } = CpuSet.Empty;
    public int? Pid { get; set; }
    public int? ExitCode { get; set; }
    public MeasuredUsage? Usage { get; set; }
    public List<StateTransition> Transitions { get; } = [];

    /// <summary>The execution's <see cref="ExecutionWorkflow"/> as JSON; null when it has none.</summary>
    public string? WorkflowJson { get; set; }
    public int Retries { get; set; }
    public DateTimeOffset? NotBefore { get; set; }

    public static StoredExecution FromNew(ExecutionRecord record, long row) => new()
    {
        Row = row,
        Id = record.Id,
        TaskId = record.TaskId,
        TaskName = record.TaskName,
        Priority = record.Priority,
        Class = record.Class,
        ExecutionOptionJson = record.ExecutionOption.ToJsonString(),
        EnqueueSequence = record.EnqueueSequence,
        EnqueuedAt = Rules.Utc(record.EnqueuedAt),
        Node = record.Node,
        Placement = record.Placement,
        Pid = record.Pid,
        ExitCode = record.ExitCode,
        Usage = record.Usage,
        WorkflowJson = record.Workflow.IsEmpty ? null : record.Workflow.ToJson().ToJsonString(),
        Retries = record.Retries,
        NotBefore = record.NotBefore is { } notBefore ? Rules.Utc(notBefore) : null,
    };

    /// <summary>Writes the changes a transition carries; null members leave fields as they are.</summary>
    public void Apply(ExecutionChanges? changes)
    {
        if (changes is null) return;
        if (changes.Node is { } node) Node = node;
        if (changes.Placement is { } placement) Placement = placement;
        if (changes.Pid is { } pid) Pid = pid;
        if (changes.ExitCode is { } exitCode) ExitCode = exitCode;
        if (changes.Usage is { } usage) Usage = usage;
        if (changes.Priority is { } priority) Priority = priority;
        if (changes.Retries is { } retries) Retries = retries;
        if (changes.NotBefore is { } notBefore) NotBefore = Rules.Utc(notBefore);
    }

    public ExecutionRecord ToRecord()
    {
        var record = ExecutionRecord.Restore(Id, TaskId, EnqueueSequence, EnqueuedAt, Transitions);
        record.TaskName = TaskName;
        record.Priority = Priority;
        record.Class = Class;
        record.ExecutionOption = JsonNode.Parse(ExecutionOptionJson) as JsonObject ?? [];
        record.Node = Node;
        record.Placement = Placement;
        record.Pid = Pid;
        record.ExitCode = ExitCode;
        record.Usage = Usage;
        record.Workflow = WorkflowJson is null ? ExecutionWorkflow.None : ExecutionWorkflow.Parse(WorkflowJson);
        record.Retries = Retries;
        record.NotBefore = NotBefore;
        // The state column is a copy kept for indexes; the replayed history is the truth.
        Debug.Assert(record.State == State, $"execution {Id}: stored state {State} but its history ends in {record.State}");
        return record;
    }
}
