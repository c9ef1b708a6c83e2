using Odop.Node.Proc;

namespace Odop.Engine.Internal;

/// <summary>Sums over the live members of one process group at one moment.</summary>
/// <param name="CpuTicks">utime+stime+cutime+cstime of every member: a waited-for child's time moves into
/// its parent's cutime, so the sum does not count anything twice.</param>
internal readonly record struct GroupSample(long CpuTicks, long RssBytes, int Threads);

/// <summary>
/// One /proc pass per tick for all supervised groups, however many there are; past the first, a pass reads only
/// the groups' members and the processes it has not seen (<see cref="ProcessGroupWalk"/>).
/// </summary>
internal sealed class GroupSampler(ProcessGroupWalk walk)
{
    internal Dictionary<int, GroupSample> Sample(IReadOnlySet<int> groups)
    {
        var sums = new Dictionary<int, GroupSample>();
        foreach (var stat in walk.Members(groups))
        {
            if (stat.State == 'Z') continue;
            sums.TryGetValue(stat.Pgrp, out var s);
            sums[stat.Pgrp] = new GroupSample(
                s.CpuTicks + stat.CpuTicks + stat.ChildUserTicks + stat.ChildSystemTicks,
                s.RssBytes + stat.RssBytes,
                s.Threads + stat.Threads);
        }
        return sums;
    }
}
