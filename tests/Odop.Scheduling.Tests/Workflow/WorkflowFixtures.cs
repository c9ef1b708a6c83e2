using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Workflow;
using Odop.Scheduling.Workflow;

namespace Odop.Scheduling.Tests.Workflow;

/// <summary>Builds gate members by short names ("a", "b") turned into stable UUIDs, and runs the gate.</summary>
internal sealed class WorkflowFixtures
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, WorkflowMember> _members = [];
    private readonly Dictionary<string, ExecutionState> _others = [];
    private long _sequence;

    public static string Id(string name) => new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(name))).ToString();

    public WorkflowFixtures Add(string name, ExecutionState state = ExecutionState.Queued, GroupSpec? group = null,
        string[]? after = null, DependencyMode mode = DependencyMode.AfterOk, DateTimeOffset? notBefore = null, int retries = 0)
    {
        var workflow = new ExecutionWorkflow([.. (after ?? []).Select(a => ExecutionId.Parse(Id(a)))], mode, null, group);
        _members[name] = new WorkflowMember(Id(name), state, ++_sequence, workflow, notBefore, retries, Started: state != ExecutionState.Queued);
        return this;
    }

    /// <summary>An execution without a workflow that members may name.</summary>
    public WorkflowFixtures Other(string name, ExecutionState state)
    {
        _others[Id(name)] = state;
        return this;
    }

    public WorkflowFixtures Set(string name, ExecutionState state)
    {
        _members[name] = _members[name] with { State = state, Started = true };
        return this;
    }

    public WorkflowPlan Evaluate(DateTimeOffset? now = null) =>
        WorkflowGate.Evaluate([.. _members.Values], id => _others.TryGetValue(id, out var s) ? s : null, now ?? T0);

    /// <summary>Names of the queued members the plan offers to the scheduler (neither held nor skipped).</summary>
    public IReadOnlyList<string> Offered(WorkflowPlan plan) =>
        [.. _members.Where(m => m.Value.State == ExecutionState.Queued && !plan.Held.ContainsKey(m.Value.Id) && plan.Skips.All(s => s.Id != m.Value.Id)).Select(m => m.Key)];

    public IReadOnlyList<string> Skipped(WorkflowPlan plan) => [.. _members.Where(m => plan.Skips.Any(s => s.Id == m.Value.Id)).Select(m => m.Key)];

    public IReadOnlyList<string> Stopped(WorkflowPlan plan) => [.. _members.Where(m => plan.Stops.Any(s => s.Id == m.Value.Id)).Select(m => m.Key)];

    public static GroupSpec Group(string name, FailureMode mode = FailureMode.FailFast, GroupStrategy strategy = GroupStrategy.Parallel, int parallelism = 8, params string[] after) =>
        new(name, strategy, mode, parallelism, after);
}
