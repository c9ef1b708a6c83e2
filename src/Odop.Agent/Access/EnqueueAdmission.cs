using Odop.Agent.Access.Limits;
using Odop.Core;
using Odop.Core.Profiles;
using Odop.Protocol;

namespace Odop.Agent.Access;

/// <summary>
/// What an enqueue passes before it reaches the loop: the limits file (for non-admins) and recording who
/// enqueued what. A refusal names the rule; nothing is enqueued and nothing already queued changes.
/// </summary>
public sealed class EnqueueAdmission(ExecutionOwners owners, LimitsFile? limits, TimeProvider clock)
{
    public ExecutionOwners Owners => owners;

    /// <returns>The ids admitted now; <see cref="ExecutionOwners.Withdraw"/> them when the enqueue then fails.</returns>
    public Task<IReadOnlyList<string>> AdmitAsync(Caller caller, IReadOnlyList<(ExecutionId Id, TaskProfile Profile)> elements, CancellationToken cancellationToken)
    {
        var asked = elements.Select(e => (e.Id, e.Profile.Name, e.Profile.Requirement.Cpus.Min.Cores)).ToList();
        var times = elements.GroupBy(e => e.Profile.Name).ToDictionary(g => g.Key, g => g.First().Profile.Requirement.Time.Value);
        return owners.AdmitAsync(caller, asked, (unfinished, added) =>
        {
            if (limits is null || caller.IsAdmin) return;
            var withTimes = added.Select(a => (a, times[a.Task])).ToList();
            var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), clock.LocalTimeZone).DateTime);
            if (LimitsCheck.Evaluate(limits, caller.Name, unfinished, withTimes, local) is { } refusal)
                throw new RpcException(refusal.Quota ? StatusCode.ResourceExhausted : StatusCode.PermissionDenied, $"refused by {refusal}");
        }, cancellationToken);
    }
}
