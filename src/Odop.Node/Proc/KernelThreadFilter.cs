using Odop.Node.Internal;

namespace Odop.Node.Proc;

/// <summary>
/// Leaves kernel threads out of walks of /proc. They are most of its entries (58 of 63 on a 2-core VM;
/// per-CPU kworkers, ksoftirqd and migration threads make hundreds on a 128-core node), and none of them can
/// be a side task, one of its children or a rank. Each entry is classified once, from the PF_KTHREAD flag of
/// its stat line, and remembered while it stays listed (<see cref="ListedPidMemory{T}"/>): a walk then reads only
/// the processes that matter, once. Thread-safe.
/// </summary>
internal sealed class KernelThreadFilter(string procRoot)
{
    /// <summary>PF_KTHREAD in the flags field (include/linux/sched.h).</summary>
    private const long KernelThreadFlag = 0x00200000;

    private readonly Lock _gate = new();
    private readonly ListedPidMemory<bool> _isKernelThread = new();

    /// <summary>The same pids without the kernel threads, in their order. Reads the stat of pids not seen before.</summary>
    public List<int> UserProcesses(IReadOnlyList<int> listed)
    {
        var users = new List<int>(Math.Min(listed.Count, 256));
        lock (_gate)
        {
            _isKernelThread.BeginWalk();
            foreach (var pid in listed)
            {
                if (!_isKernelThread.TryRecall(pid, out var kernel))
                {
                    if (Classify(pid) is not { } classified) continue; // gone since the listing
                    kernel = classified;
                }
                _isKernelThread.Keep(pid, kernel);
                if (!kernel) users.Add(pid);
            }
            _isKernelThread.EndWalk();
        }
        return users;
    }

    /// <summary>true for a kernel thread, false for a process, null when it is gone or unreadable.</summary>
    private bool? Classify(int pid)
    {
        return ProcFile.TryRead(ProcFile.PathOf(procRoot, pid, "stat"), out var text) && Flags(text) is { } flags ? (flags & KernelThreadFlag) != 0 : null;
    }

    /// <summary>Field 9 of a stat line (proc(5)), counted after comm, which may hold spaces and parentheses.</summary>
    internal static long? Flags(ReadOnlySpan<byte> text)
    {
        var close = text.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= text.Length) return null;
        var rest = text[(close + 2)..];
        for (var field = 3; field < 9; field++)
        {
            if (rest.IsEmpty) return null;
            SpanParsing.NextToken(ref rest, (byte)' ');
        }
        var flags = SpanParsing.NextToken(ref rest, (byte)' ');
        return flags.IsEmpty ? null : SpanParsing.ParseLong(flags);
    }
}
