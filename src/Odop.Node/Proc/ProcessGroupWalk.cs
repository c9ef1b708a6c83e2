namespace Odop.Node.Proc;

/// <summary>
/// The stat lines of every process in some process groups, from a walk of /proc that reads each other process once.
/// A walk that reads every process costs one open and read per process on the node, thousands on a big one, at every
/// sample; yet only the side tasks' groups matter. So each process's group is remembered while it stays listed, and
/// a walk reads only the members of the groups asked for and the processes it has not seen.
/// <list type="bullet">
/// <item>Members are read at every walk, so one that leaves its group (setsid, setpgid) is seen to leave at once.</item>
/// <item>A group not asked for since everything was last forgotten makes every process be read again: a process
/// spawned into it may have been read between its fork and its setpgid, still in its parent's group. Asking for some
/// of the groups (one execution's, to signal or move it) keeps what is remembered.</item>
/// <item>A pid that leaves the listing is forgotten, so a recycled one is read afresh; every
/// <see cref="ListedPidMemory.ForgetEvery"/>th walk forgets everything (<see cref="ListedPidMemory{T}"/>), for a pid
/// recycled between two walks, a process moved into a group by another, or a group id recycled by a new side task
/// while the old one is remembered.</item>
/// </list>
/// Kernel threads are left out (<see cref="KernelThreadFilter"/>). Thread-safe.
/// </summary>
public sealed class ProcessGroupWalk
{
    private readonly string _procRoot;
    private readonly KernelThreadFilter _kernelThreads;
    private readonly Lock _gate = new();
    private readonly HashSet<int> _askedSinceForgetting = [];
    private readonly ListedPidMemory<int> _groupOf = new();

    public ProcessGroupWalk() : this("/proc") { }

    internal ProcessGroupWalk(string procRoot) => (_procRoot, _kernelThreads) = (procRoot, new KernelThreadFilter(procRoot));

    /// <summary>How many stat files the last walk read: members, and processes not seen before.</summary>
    public int LastReads { get; private set; }

    /// <summary>The stat of every live process whose group is in <paramref name="groups"/>, in /proc's order.</summary>
    public List<ProcStat> Members(IReadOnlySet<int> groups)
    {
        var members = new List<ProcStat>();
        lock (_gate)
        {
            _groupOf.BeginWalk();
            if (!_askedSinceForgetting.IsSupersetOf(groups))
            {
                _groupOf.ForgetAll();
                _askedSinceForgetting.Clear();
            }
            _askedSinceForgetting.UnionWith(groups);
            var reads = 0;
            foreach (var pid in _kernelThreads.UserProcesses(ProcessTable.NumericEntries(_procRoot)))
            {
                if (_groupOf.TryRecall(pid, out var group) && !groups.Contains(group))
                {
                    _groupOf.Keep(pid, group);
                    continue;
                }
                reads++;
                if (ProcStat.Read(_procRoot, pid) is not { } stat) continue; // gone since the listing
                _groupOf.Keep(pid, stat.Pgrp);
                if (groups.Contains(stat.Pgrp)) members.Add(stat);
            }
            _groupOf.EndWalk();
            LastReads = reads;
        }
        return members;
    }
}
