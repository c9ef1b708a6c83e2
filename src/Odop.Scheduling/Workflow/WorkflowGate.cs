using Odop.Core.Executions;
using Odop.Core.Workflow;

namespace Odop.Scheduling.Workflow;

/// <summary>
/// Decides which queued executions of a workflow may be offered to the scheduler, pure: the members, the
/// state of any other execution they name, and the time come in; a <see cref="WorkflowPlan"/> comes out.
/// The agent loop carries the plan out (skips, stops) and leaves held executions out of the round.
/// </summary>
/// <remarks>
/// Rules, checked in this order for each queued member:
/// <list type="number">
/// <item>`after` executions: held while one has not ended; with afterok, skipped once one ended in any state
/// but succeeded ("dependency X ended timed_out"). An id the agent no longer knows (purged) counts as ended
/// and succeeded: it was accepted when enqueued, and a purge only removes finished history.</item>
/// <item>Groups it follows (the group's `after`): held until each has ended; skipped when one failed, unless
/// this group is runalways.</item>
/// <item>Its own group failed under failfast or waitcurrent: skipped (failfast also stops the live members).</item>
/// <item>Retry backoff: held until its not-before time.</item>
/// <item>Group slots: of the members that have not ended, in enqueue order, only the first `parallelism`
/// (1 for sequential) may run; a member waiting for its retry keeps its slot, so order holds.</item>
/// </list>
/// Skips cascade: the gate repeats until no new skip follows, so one call gives the whole consequence.
/// </remarks>
public static class WorkflowGate
{
    public static WorkflowPlan Evaluate(IReadOnlyList<WorkflowMember> members, Func<string, ExecutionState?> stateOf, DateTimeOffset now)
    {
        var current = members.ToDictionary(m => m.Id, StringComparer.Ordinal);
        var plan = new WorkflowPlan();
        while (true)
        {
            plan.Held.Clear();
            plan.Stops.Clear();
            plan.Groups.Clear();
            var ordered = current.Values.OrderBy(m => m.Sequence).ToList();
            foreach (var group in ordered.Where(m => m.Workflow.Group is not null).GroupBy(m => m.Workflow.Group!.Name, StringComparer.Ordinal))
                plan.Groups[group.Key] = GroupStatus.Of(group.First().Workflow.Group!, group.ToList());

            var skipped = new List<(string Id, string Reason)>();
            var slotsTaken = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var member in ordered)
            {
                var group = member.Workflow.Group is { } spec ? plan.Groups[spec.Name] : null;
                if (member.State.IsLive())
                {
                    if (group is { State: GroupState.Failed, Spec.FailureMode: FailureMode.FailFast })
                        plan.Stops.Add((member.Id, $"group {group.Name} failed fast: {group.FirstFailure}"));
                    if (group is not null) Take(slotsTaken, group.Name);
                    continue;
                }
                if (member.State != ExecutionState.Queued) continue;

                switch (Check(member, group, current, stateOf, plan.Groups, now))
                {
                    case (true, var reason):
                        skipped.Add((member.Id, reason!));
                        break;
                    case (false, { } note):
                        plan.Held[member.Id] = note;
                        if (group is not null) Take(slotsTaken, group.Name); // waits in line, keeps its place
                        break;
                    default:
                        if (group is not null && Take(slotsTaken, group.Name) > group.Spec.Parallelism)
                            plan.Held[member.Id] = $"waiting: group {group.Name} runs {group.Spec.Parallelism} at a time ({group.Spec.Strategy.ToName()})";
                        break;
                }
            }
            if (skipped.Count == 0) return plan;
            foreach (var (id, reason) in skipped)
            {
                plan.Skips.Add((id, reason));
                current[id] = current[id] with { State = ExecutionState.Skipped };
            }
        }
    }

    /// <summary>(true, reason): skip it. (false, note): hold it. (false, null): its group's slots decide.</summary>
    private static (bool Skip, string? Note) Check(WorkflowMember member, GroupStatus? group, Dictionary<string, WorkflowMember> current,
        Func<string, ExecutionState?> stateOf, Dictionary<string, GroupStatus> groups, DateTimeOffset now)
    {
        var workflow = member.Workflow;
        foreach (var dependency in workflow.After)
        {
            var state = current.TryGetValue(dependency.Value, out var known) ? known.State : stateOf(dependency.Value);
            if (state is not { } s || s.IsTerminal())
            {
                if (workflow.Mode == DependencyMode.AfterOk && state is { } ended && ended != ExecutionState.Succeeded)
                    return (true, $"dependency {dependency} ended {ended.ToName()}");
                continue;
            }
            return (false, $"waiting: dependency {dependency} ({s.ToName()})");
        }
        if (group is not null)
        {
            foreach (var name in group.Spec.After)
            {
                if (!groups.TryGetValue(name, out var before)) continue; // purged: ended long ago
                if (!before.Done) return (false, $"waiting: group {name} ({before.State.ToString().ToLowerInvariant()})");
                if (before.State == GroupState.Failed && group.Spec.FailureMode != FailureMode.RunAlways)
                    return (true, $"group {name} it follows failed ({before.FirstFailure})");
            }
            if (group.State == GroupState.Failed && group.Spec.FailureMode is FailureMode.FailFast or FailureMode.WaitCurrent)
                return (true, $"group {group.Name} failed ({group.FirstFailure}); {group.Spec.FailureMode.ToName()} starts no more");
        }
        if (member.NotBefore is { } notBefore && notBefore > now)
            return (false, $"waiting: retry {member.Retries} not before {notBefore.UtcDateTime:HH:mm:ss.fff} UTC");
        return (false, null);
    }

    private static int Take(Dictionary<string, int> slots, string group) =>
        slots[group] = slots.GetValueOrDefault(group) + 1;
}
