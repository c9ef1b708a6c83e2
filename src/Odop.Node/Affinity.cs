using System.ComponentModel;
using System.Runtime.InteropServices;
using Odop.Core.Hardware;
using Odop.Node.Internal;
using Odop.Node.Proc;

namespace Odop.Node;

/// <summary>CPU affinity of processes and whole process groups (sched_getaffinity / sched_setaffinity).</summary>
public static unsafe class Affinity
{
    /// <summary>The affinity of a process (its main thread); null when it is gone.</summary>
    public static CpuSet? Get(int pid)
    {
        var mask = stackalloc byte[Libc.CpuMaskBytes];
        if (Libc.sched_getaffinity(pid, Libc.CpuMaskBytes, mask) == 0)
            return CpuMask.Read(new ReadOnlySpan<byte>(mask, Libc.CpuMaskBytes));
        var errno = Marshal.GetLastPInvokeError();
        if (errno == Libc.ESRCH) return null;
        throw new Win32Exception(errno, $"sched_getaffinity({pid}) failed: {Libc.ErrorText(errno)}");
    }

    /// <summary>The CPUs this process may run on (its main thread's mask, which the launcher never changes).</summary>
    public static CpuSet OfCurrentProcess() => Get(Environment.ProcessId)!;

    /// <summary>Sets one thread's (or single-threaded process's) affinity; false when it is gone.</summary>
    /// <exception cref="ArgumentException">The set has no CPU this process's cpuset allows.</exception>
    public static bool SetThread(int tid, CpuSet cpus)
    {
        var mask = stackalloc byte[Libc.CpuMaskBytes];
        CpuMask.Fill(cpus, new Span<byte>(mask, Libc.CpuMaskBytes));
        if (Libc.sched_setaffinity(tid, Libc.CpuMaskBytes, mask) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == Libc.ESRCH) return false;
        if (errno == Libc.EINVAL) throw new ArgumentException($"CPUs '{cpus}' are not usable here (outside the allowed cpuset)", nameof(cpus));
        throw new Win32Exception(errno, $"sched_setaffinity({tid}) failed: {Libc.ErrorText(errno)}");
    }

    /// <summary>
    /// Moves every thread of every process in the group to <paramref name="cpus"/>. Returns how many
    /// threads were set. Threads and processes may appear or vanish meanwhile: a thread created by one
    /// already moved inherits the new mask, one created by a thread not yet moved is found by the next
    /// pass, so passes repeat until one finds no thread it has not set.
    /// </summary>
    /// <param name="walk">Finds the group's processes; one kept by the caller reads only members and new processes
    /// (<see cref="ProcessGroupWalk"/>), where a fresh scan reads every process on the node, at every pass.</param>
    public static int SetProcessGroup(int pgid, CpuSet cpus, ProcessGroupWalk? walk = null)
    {
        if (walk is null) return SetThreads(() => ProcessTable.ProcessesInGroup(pgid).SelectMany(ProcessTable.Threads), cpus);
        var group = new HashSet<int> { pgid };
        return SetThreads(() => walk.Members(group).SelectMany(s => ProcessTable.Threads(s.Pid)), cpus);
    }

    /// <summary>Moves every thread of one process to <paramref name="cpus"/> (passes as in <see cref="SetProcessGroup"/>).</summary>
    public static int SetProcess(int pid, CpuSet cpus) => SetThreads(() => ProcessTable.Threads(pid), cpus);

    private static int SetThreads(Func<IEnumerable<int>> threads, CpuSet cpus)
    {
        if (cpus.IsEmpty) throw new ArgumentException("the CPU set is empty", nameof(cpus));
        var done = new HashSet<int>();
        for (var pass = 0; pass < 10; pass++)
        {
            var changed = 0;
            foreach (var tid in threads())
                if (!done.Contains(tid) && SetThread(tid, cpus)) { done.Add(tid); changed++; }
            if (changed == 0) break;
        }
        return done.Count;
    }
}
