using System.Runtime.InteropServices;
using Odop.Node.Processes;

namespace Odop.Node.Internal;

/// <summary>
/// Blocking waits for one child by pid. Never wait(-1): the .NET runtime reaps the children it
/// started through System.Diagnostics.Process, and Odop must not steal their statuses (nor they ours).
/// </summary>
internal static unsafe class ChildWait
{
    /// <summary>Blocks until the child has exited but leaves it a zombie, so its pid cannot be reused yet.</summary>
    /// <returns>false when the child is not ours to wait for any more (ECHILD: reaped elsewhere).</returns>
    internal static bool UntilExited(int pid)
    {
        var info = stackalloc byte[256]; // siginfo_t is 128 bytes
        while (true)
        {
            if (Libc.waitid(Libc.P_PID, pid, info, Libc.WEXITED | Libc.WNOWAIT) == 0) return true;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EINTR) continue;
            if (errno == Libc.ECHILD) return false;
            throw new InvalidOperationException($"waitid({pid}) failed: {Libc.ErrorText(errno)}");
        }
    }

    /// <summary>Reaps the (already exited) child and returns its status and resource usage.</summary>
    internal static ChildExit Reap(int pid)
    {
        int status;
        Libc.Rusage usage;
        while (true)
        {
            if (Libc.wait4(pid, &status, 0, &usage) == pid) break;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EINTR) continue;
            if (errno == Libc.ECHILD) return ChildExit.Lost;
            throw new InvalidOperationException($"wait4({pid}) failed: {Libc.ErrorText(errno)}");
        }
        var (code, signal) = ChildExit.Decode(status);
        return new ChildExit(code, signal, usage.UserTime.ToTimeSpan(), usage.SystemTime.ToTimeSpan(), usage.MaxRssKiB * 1024);
    }
}
