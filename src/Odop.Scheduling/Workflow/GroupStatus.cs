using Odop.Core.Executions;
using Odop.Core.Workflow;

namespace Odop.Scheduling.Workflow;

/// <summary>Where a group stands as a whole.</summary>
public enum GroupState { Pending, Running, Succeeded, Failed }

/// <summary>
/// A group's state from its members': <c>succeeded</c> once all ended in succeeded; <c>failed</c> once all ended
/// and one did not succeed, or at the first such member under failfast or waitcurrent; <c>running</c> once a
/// member started; <c>pending</c> before. <see cref="Done"/>: every member has ended (what `odop batch` waits for).
/// </summary>
public sealed record GroupStatus(GroupSpec Spec, GroupState State, bool Done, IReadOnlyList<WorkflowMember> Members, string? FirstFailure)
{
    public string Name => Spec.Name;

    public int Count(Func<ExecutionState, bool> which) => Members.Count(m => which(m.State));

    internal static GroupStatus Of(GroupSpec spec, IReadOnlyList<WorkflowMember> members)
    {
        var done = members.All(m => m.State.IsTerminal());
        var failed = members.FirstOrDefault(m => m.State.IsTerminal() && m.State != ExecutionState.Succeeded);
        var failure = failed is null ? null : $"member {failed.Id} ended {failed.State.ToName()}";
        var state = (done, failed) switch
        {
            (true, null) => GroupState.Succeeded,
            (true, _) => GroupState.Failed,
            (false, not null) when spec.FailureMode is FailureMode.FailFast or FailureMode.WaitCurrent => GroupState.Failed,
            _ when members.Any(m => m.Started || m.State.IsLive() || m.State.IsTerminal()) => GroupState.Running,
            _ => GroupState.Pending,
        };
        return new GroupStatus(spec, state, done, members, failure);
    }
}
