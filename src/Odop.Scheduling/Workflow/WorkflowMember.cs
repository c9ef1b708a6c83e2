using Odop.Core.Executions;
using Odop.Core.Workflow;

namespace Odop.Scheduling.Workflow;

/// <summary>What the gate needs to know of an execution that has dependencies, a retry state or a group.</summary>
/// <param name="Sequence">Enqueue order: a group runs its members in this order.</param>
/// <param name="Started">It has had a process (or ended): its group is no longer pending.</param>
public sealed record WorkflowMember(string Id, ExecutionState State, long Sequence, ExecutionWorkflow Workflow,
    DateTimeOffset? NotBefore = null, int Retries = 0, bool Started = false);
