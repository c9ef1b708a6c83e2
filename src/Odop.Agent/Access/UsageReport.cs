using Odop.Core.Executions;
using Odop.Protocol.V1;
using Odop.Store;

namespace Odop.Agent.Access;

/// <summary>
/// Core-seconds per user, task and state over a window, from stored history. An execution holds its cores
/// from entering starting until it leaves starting/running/paused (a paused task keeps its cores); its cores
/// are its recorded placement (at least 1: an unpinned execution counts as one core). Each stretch counts only
/// where it overlaps the window. Its state is the one it is in now. A lease counts its cores from acquisition to
/// its end (or now) as task "(lease)", state "leased".
/// </summary>
public static class UsageReport
{
    public const string LeaseTask = "(lease)";

    public static IReadOnlyList<UsageRow> Compute(IEnumerable<ExecutionRecord> executions, IReadOnlyDictionary<string, string> owners,
        IEnumerable<StoredLease> leases, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var rows = new Dictionary<(string User, string Task, string State), UsageRow>();
        foreach (var record in executions)
        {
            var seconds = HeldSeconds(record, from, to, now) * Math.Max(1, record.Placement.Count);
            if (seconds <= 0) continue;
            var user = owners.TryGetValue(record.Id.Value, out var owner) ? owner : Caller.SocketOwnerName;
            Add(rows, user, record.TaskName ?? record.TaskId, record.State.ToName(), seconds);
        }
        foreach (var lease in leases)
        {
            var end = lease.EndedAt ?? (lease.ExpiresAt < now ? lease.ExpiresAt : now);
            var seconds = Overlap(lease.AcquiredAt, end, from, to) * lease.Cpus.Count;
            if (seconds > 0) Add(rows, lease.Owner, LeaseTask, "leased", seconds);
        }
        return [.. rows.Values.OrderBy(r => r.User, StringComparer.Ordinal).ThenBy(r => r.Task, StringComparer.Ordinal).ThenBy(r => r.State, StringComparer.Ordinal)];
    }

    private static void Add(Dictionary<(string, string, string), UsageRow> rows, string user, string task, string state, double seconds)
    {
        if (!rows.TryGetValue((user, task, state), out var row))
            rows[(user, task, state)] = row = new UsageRow { User = user, Task = task, State = state };
        row.CoreSeconds += seconds;
        row.Executions += task == LeaseTask ? 0 : 1;
    }

    /// <summary>Seconds within [from, to) the execution held cores.</summary>
    private static double HeldSeconds(ExecutionRecord record, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        double total = 0;
        DateTimeOffset? since = null;
        foreach (var t in record.Transitions)
        {
            var holds = t.To.IsLive();
            if (holds && since is null) since = t.At;
            else if (!holds && since is { } start)
            {
                total += Overlap(start, t.At, from, to);
                since = null;
            }
        }
        if (since is { } open) total += Overlap(open, now, from, to);
        return total;
    }

    private static double Overlap(DateTimeOffset start, DateTimeOffset end, DateTimeOffset from, DateTimeOffset to)
    {
        var a = start > from ? start : from;
        var b = end < to ? end : to;
        return b > a ? (b - a).TotalSeconds : 0;
    }
}
