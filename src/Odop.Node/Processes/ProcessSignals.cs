using System.ComponentModel;
using System.Runtime.InteropServices;
using Odop.Node.Internal;

namespace Odop.Node.Processes;

/// <summary>kill(2) for processes and process groups. A target that is already gone is not an error.</summary>
public static class ProcessSignals
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGPIPE = 13;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    /// <summary>Signals every process in the group; false when no such group exists (ESRCH).</summary>
    public static bool SendToGroup(int pgid, int signal)
    {
        if (pgid <= 1) throw new ArgumentOutOfRangeException(nameof(pgid), pgid, "refusing to signal group <= 1");
        return Kill(-pgid, signal);
    }

    /// <summary>Signals one process; false when it is gone (ESRCH).</summary>
    public static bool Send(int pid, int signal)
    {
        if (pid <= 0) throw new ArgumentOutOfRangeException(nameof(pid), pid, "pid must be positive");
        return Kill(pid, signal);
    }

    private static bool Kill(int target, int signal)
    {
        if (Libc.kill(target, signal) == 0) return true;
        var errno = Marshal.GetLastPInvokeError();
        if (errno == Libc.ESRCH) return false;
        throw new Win32Exception(errno, $"kill({target}, {signal}) failed: {Libc.ErrorText(errno)}");
    }
}
