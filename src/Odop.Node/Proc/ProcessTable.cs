using System.IO.Enumeration;
using Odop.Node.Internal;

namespace Odop.Node.Proc;

/// <summary>Walks /proc. Processes come and go during a walk; those that vanish are simply left out.</summary>
public static class ProcessTable
{
    private static readonly KernelThreadFilter KernelThreads = new("/proc");

    /// <summary>Every process id currently listed in /proc, kernel threads included.</summary>
    public static IReadOnlyList<int> Pids() => NumericEntries("/proc");

    /// <summary>The process ids in /proc that are not kernel threads (see <see cref="KernelThreadFilter"/>).</summary>
    public static IReadOnlyList<int> UserPids() => KernelThreads.UserProcesses(Pids());

    /// <summary>The thread ids of a process; empty when it is gone.</summary>
    public static IReadOnlyList<int> Threads(int pid) => NumericEntries(ProcFile.PathOf(pid, "task"));

    /// <summary>/proc/&lt;pid&gt;/stat of every process but the kernel threads: one pass for a whole sampling tick.</summary>
    public static IReadOnlyList<ProcStat> Scan()
    {
        var pids = UserPids();
        var stats = new List<ProcStat>(pids.Count);
        foreach (var pid in pids)
            if (ProcStat.Read(pid) is { } stat) stats.Add(stat);
        return stats;
    }

    public static IReadOnlyList<int> ProcessesInGroup(int pgid) =>
        Scan().Where(s => s.Pgrp == pgid).Select(s => s.Pid).ToList();

    /// <summary>The pids in <paramref name="stats"/> that descend from <paramref name="root"/>, root included.</summary>
    public static IReadOnlySet<int> DescendantsOf(int root, IReadOnlyList<ProcStat> stats)
    {
        var children = stats.ToLookup(s => s.PPid, s => s.Pid);
        var found = new HashSet<int> { root };
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
            foreach (var child in children[pid])
                if (found.Add(child)) pending.Push(child);
        return found;
    }

    internal static List<int> NumericEntries(string directory)
    {
        try
        {
            var entries = new FileSystemEnumerable<int>(directory,
                (ref FileSystemEntry e) => int.Parse(e.FileName),
                new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false })
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) => SpanParsing.IsDigits(e.FileName),
            };
            return entries.ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
