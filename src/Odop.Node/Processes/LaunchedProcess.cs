using Odop.Node.Internal;
using Odop.Node.Proc;

namespace Odop.Node.Processes;

/// <summary>
/// A task process started by <see cref="ProcessLauncher"/>: the leader of its own process group.
/// A dedicated thread waits for it; signals sent through this object never reach a recycled pid.
/// </summary>
public sealed class LaunchedProcess
{
    private readonly object _gate = new();
    private bool _reaped; // guarded by _gate; once true the pid may name another process
    private readonly TaskCompletionSource<ChildExit> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal LaunchedProcess(int pid, string executablePath)
    {
        Pid = pid;
        ExecutablePath = executablePath;
        var waiter = new Thread(WaitForExit, maxStackSize: 256 * 1024) { IsBackground = true, Name = $"odop wait4 {pid}" };
        waiter.Start();
    }

    public int Pid { get; }

    /// <summary>Equal to <see cref="Pid"/>: the child leads its own group.</summary>
    public int ProcessGroupId => Pid;

    /// <summary>The resolved path that was executed.</summary>
    public string ExecutablePath { get; }

    /// <summary>Completes when the child has exited and been reaped; never faults.</summary>
    public Task<ChildExit> Exited => _exit.Task;

    public bool HasExited => _exit.Task.IsCompleted;

    /// <summary>Signals the leader only; false once it has exited.</summary>
    public bool Signal(int signal)
    {
        lock (_gate)
            return !_reaped && ProcessSignals.Send(Pid, signal);
    }

    /// <summary>
    /// Signals the whole process group. After the leader is reaped the group id stays reserved only while
    /// members live, so the group is signalled then only if a member is still there.
    /// </summary>
    public bool SignalGroup(int signal)
    {
        lock (_gate)
        {
            if (!_reaped) return ProcessSignals.SendToGroup(ProcessGroupId, signal);
        }
        return ProcessTable.ProcessesInGroup(ProcessGroupId).Count > 0 && ProcessSignals.SendToGroup(ProcessGroupId, signal);
    }

    private void WaitForExit()
    {
        ChildExit exit;
        try
        {
            // Wait without reaping, then reap under the gate: a signal sent under the gate can
            // never hit a recycled pid.
            if (ChildWait.UntilExited(Pid))
                lock (_gate)
                {
                    exit = ChildWait.Reap(Pid);
                    _reaped = true;
                }
            else
                lock (_gate)
                {
                    exit = ChildExit.Lost;
                    _reaped = true;
                }
        }
        catch (Exception)
        {
            lock (_gate) _reaped = true;
            exit = ChildExit.Lost;
        }
        _exit.SetResult(exit);
    }
}
