using Odop.Core.Executions;
using Odop.Core.Hardware;
using Odop.Core.Workflow;
using Odop.Protocol;
using Odop.Protocol.V1;
using Odop.Scheduling.Workflow;
using ExecutionState = Odop.Core.Executions.ExecutionState;
using GroupSpec = Odop.Core.Workflow.GroupSpec;
using RetryPolicy = Odop.Core.Workflow.RetryPolicy;

namespace Odop.Agent.Loop;

/// <summary>
/// Dependencies, retries and groups: the pure <see cref="WorkflowGate"/> says what may run, what is
/// skipped and what is stopped; this file carries it out. Executions without a workflow never pass here,
/// so a plain queue costs nothing.
/// </summary>
internal sealed partial class AgentLoop
{
    // Executions that have a workflow (or a retry state), in the book; checked by the gate each round.
    private readonly HashSet<TrackedExecution> _workflowMembers = [];
    // Ended executions from before a restart that dependencies or groups still name (the book holds unfinished ones only).
    private readonly Dictionary<string, ExecutionRecord> _endedBeforeRestart = new(StringComparer.Ordinal);
    private readonly HashSet<string> _groupNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _heldByWorkflow = new(StringComparer.Ordinal);

    /// <summary>Fills in what the node decides: a parallel group's default degree is half the cores offered to side tasks, at least 1.</summary>
    private ExecutionWorkflow WithNodeDefaults(ExecutionWorkflow workflow) =>
        workflow.Group is { } group ? workflow.WithGroup(group.WithDefaultParallelism(Math.Max(1, _usableCpus.Count / 2))) : workflow;

    private void TrackWorkflow(TrackedExecution execution)
    {
        var record = execution.Record;
        if (record.Workflow.IsEmpty && record.Retries == 0 && record.NotBefore is null && PolicyOf(execution) is null) return;
        if (!_workflowMembers.Add(execution)) return;
        if (record.Workflow.Group is { } group) _groupNames.Add(group.Name);
    }

    private static RetryPolicy? PolicyOf(TrackedExecution execution) => execution.Record.Workflow.Retries ?? execution.Profile.Retries;

    private ExecutionState? StateOf(string id) =>
        _book.TryGet(id, out var known) ? known.State : _endedBeforeRestart.TryGetValue(id, out var ended) ? ended.State : null;

    /// <summary>
    /// Why a request's workflow cannot be accepted (unknown ids, a cycle, a group that exists or disagrees
    /// with itself), or null. Checked before anything is written: a refused request changes nothing.
    /// </summary>
    private string? WorkflowRefusal(EnqueueRequested request, Dictionary<string, TrackedExecution> inBatch)
    {
        var fresh = request.Elements.Where(e => !_book.TryGet(e.ExecutionId.Value, out _) && !inBatch.ContainsKey(e.ExecutionId.Value)).ToList();
        if (fresh.All(e => e.Workflow.After.Count == 0 && e.Workflow.Group is null)) return null;

        var edges = fresh.ToDictionary(e => e.ExecutionId.Value, e => (IReadOnlyList<string>)[.. e.Workflow.After.Select(a => a.Value)], StringComparer.Ordinal);
        var unknown = DependencyGraph.Unknown(edges, id => StateOf(id) is not null || inBatch.ContainsKey(id));
        if (unknown.Count > 0) return $"after: unknown execution id(s) {string.Join(", ", unknown)}";
        if (DependencyGraph.FindCycle(edges) is { } cycle) return $"after: dependency cycle {string.Join(" -> ", cycle)}";

        var groups = new Dictionary<string, GroupSpec>(StringComparer.Ordinal);
        foreach (var element in fresh)
        {
            if (element.Workflow.Group is not { } spec) continue;
            if (groups.TryGetValue(spec.Name, out var first))
            {
                if (!first.SameAs(spec)) return $"group {spec.Name}: its members disagree on strategy, parallelism, failure_mode or after";
                continue;
            }
            if (_groupNames.Contains(spec.Name) || inBatch.Values.Any(x => x.Record.Workflow.Group?.Name == spec.Name))
                return $"group {spec.Name}: a group with this name already exists; a group is enqueued whole, in one request";
            groups[spec.Name] = spec;
        }
        var groupEdges = groups.ToDictionary(g => g.Key, g => g.Value.After, StringComparer.Ordinal);
        var unknownGroups = DependencyGraph.Unknown(groupEdges, _groupNames.Contains);
        if (unknownGroups.Count > 0) return $"group after: unknown group(s) {string.Join(", ", unknownGroups)}";
        if (DependencyGraph.FindCycle(groupEdges) is { } groupCycle) return $"group after: cycle {string.Join(" -> ", groupCycle)}";
        return null;
    }

    /// <summary>Runs the gate and carries out its plan: skips, failfast stops, and the executions this round must leave alone.</summary>
    private void ApplyWorkflow()
    {
        _heldByWorkflow.Clear();
        // Only unfinished members can change anything; finished ones stay for their groups' sake.
        if (!_workflowMembers.Any(m => !m.State.IsTerminal())) return;
        var plan = WorkflowGate.Evaluate(Members(), StateOf, Now);
        foreach (var (id, note) in plan.Held)
        {
            _heldByWorkflow.Add(id);
            if (_book.TryGet(id, out var held)) held.PlacementNote = note;
        }
        foreach (var (id, reason) in plan.Skips)
            if (_book.TryGet(id, out var skipped) && skipped.State == ExecutionState.Queued)
                Transition(skipped, ExecutionState.Skipped, reason);
        foreach (var (id, reason) in plan.Stops)
        {
            if (!_book.TryGet(id, out var running) || running.StopRequested || !running.State.IsLive()) continue;
            running.StopRequested = true;
            running.StopReason = reason;
            SendStop(running, reason);
        }
    }

    private List<WorkflowMember> Members()
    {
        var members = new List<WorkflowMember>(_workflowMembers.Count + _endedBeforeRestart.Count);
        foreach (var record in _endedBeforeRestart.Values)
            if (!record.Workflow.IsEmpty) members.Add(Member(record));
        foreach (var execution in _workflowMembers) members.Add(Member(execution.Record));
        return members;
    }

    private static WorkflowMember Member(ExecutionRecord r) =>
        new(r.Id.Value, r.State, r.EnqueueSequence, r.Workflow, r.NotBefore, r.Retries, r.Attempts > 0);

    /// <summary>
    /// A failed attempt: queue it again with a not-before time while its policy allows (true), or leave
    /// <paramref name="reason"/> as the terminal failure's, naming the retries spent (false).
    /// </summary>
    private bool RetryOrGiveUp(TrackedExecution execution, ref string reason)
    {
        var decision = RetryDecision.After(PolicyOf(execution), execution.Record.Retries, Now, reason);
        if (!decision.Retry)
        {
            reason = decision.Reason;
            return false;
        }
        var record = execution.Record;
        record.Retries = decision.Number;
        record.NotBefore = decision.NotBefore;
        record.Pid = null;
        record.Placement = CpuSet.Empty;
        _workflowMembers.Add(execution);
        Transition(execution, ExecutionState.Queued, decision.Reason);
        return true;
    }

    /// <summary>Lost with its engine: queued again, under its retry policy when it has one (then it may fail for good).</summary>
    private void AfterLost(TrackedExecution execution, string fallback)
    {
        if (PolicyOf(execution) is null)
        {
            Transition(execution, ExecutionState.Queued, fallback);
            return;
        }
        var reason = execution.Record.Reason ?? "lost";
        if (!RetryOrGiveUp(execution, ref reason)) Transition(execution, ExecutionState.Failed, reason);
    }

    /// <summary>After a restart: ended executions that dependencies and groups still name, so they are judged as before.</summary>
    private async Task RestoreWorkflowAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await _store.LoadWorkflowAsync(cancellationToken))
            if (!_book.TryGet(record.Id.Value, out _)) _endedBeforeRestart[record.Id.Value] = record;
        foreach (var execution in _book.All) TrackWorkflow(execution);
        foreach (var record in _endedBeforeRestart.Values)
            if (record.Workflow.Group is { } group) _groupNames.Add(group.Name);
        var named = _workflowMembers.Select(m => m.Record).Concat(_endedBeforeRestart.Values)
            .SelectMany(r => r.Workflow.After).Where(id => StateOf(id.Value) is null).Distinct().ToList();
        foreach (var id in named)
            if (await _store.GetAsync(id, cancellationToken) is { } ended) _endedBeforeRestart[id.Value] = ended;
    }

    private void HandleGroups(GroupsRequested e)
    {
        var plan = WorkflowGate.Evaluate(Members(), StateOf, Now);
        if (e.Name is { } name && !plan.Groups.ContainsKey(name))
        {
            e.Reply.TrySetException(new RpcException(StatusCode.NotFound, $"no group named '{name}'"));
            return;
        }
        var reply = new ListGroupsReply();
        foreach (var status in plan.Groups.Values.Where(g => e.Name is null || g.Name == e.Name))
            reply.Groups.Add(ToProto(status));
        e.Reply.TrySetResult(reply);
    }

    private Group ToProto(GroupStatus status)
    {
        var spec = status.Spec;
        var group = new Group
        {
            Name = spec.Name,
            Strategy = spec.Strategy.ToName(),
            Parallelism = spec.Parallelism,
            FailureMode = spec.FailureMode.ToName(),
            State = status.State.ToString().ToLowerInvariant(),
            Done = status.Done,
            FirstFailure = status.FirstFailure ?? "",
        };
        group.After.AddRange(spec.After);
        foreach (var member in status.Members)
        {
            var tracked = _book.TryGet(member.Id, out var t) ? t : null;
            var record = tracked?.Record ?? _endedBeforeRestart[member.Id];
            group.Members.Add(new GroupMember
            {
                ExecutionId = member.Id,
                TaskName = record.TaskName ?? record.TaskId,
                State = record.State.ToProto(),
                Reason = (record.State == ExecutionState.Queued ? tracked?.PlacementNote : null) ?? record.Reason ?? "",
                Retries = record.Retries,
            });
        }
        return group;
    }
}
