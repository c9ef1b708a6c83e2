using System.ComponentModel;
using System.Runtime.InteropServices;
using Odop.Node.Internal;

namespace Odop.Node.Processes;

/// <summary>
/// Starts task processes with posix_spawn, so process group, CPU affinity, SCHED_IDLE, signal state,
/// stdio and working directory are all in place before the program's first instruction.
/// </summary>
public static unsafe class ProcessLauncher
{
    // Affinity is per thread and the spawned child inherits the spawning thread's mask; the lock keeps
    // one spawn at a time on this thread trick (and spawns are cheap: vfork + exec).
    private static readonly Lock SpawnLock = new();

    /// <exception cref="LaunchException">The executable, working directory or a log directory is missing,
    /// the program is not executable, or the CPUs cannot be used.</exception>
    public static LaunchedProcess Spawn(LaunchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Argv.Count == 0) throw new LaunchException("argv is empty");
        var cwd = Path.GetFullPath(spec.WorkingDirectory);
        if (!Directory.Exists(cwd)) throw new LaunchException($"working directory '{cwd}' does not exist", cwd);
        var stdout = Path.GetFullPath(spec.StdoutPath);
        var stderr = Path.GetFullPath(spec.StderrPath);
        foreach (var log in new[] { stdout, stderr })
        {
            var dir = Path.GetDirectoryName(log)!;
            if (!Directory.Exists(dir)) throw new LaunchException($"log directory '{dir}' does not exist", dir);
        }
        spec.Environment.TryGetValue("PATH", out var path);
        var executable = ExecutableLocator.Resolve(spec.Argv[0], cwd, path);

        using var attributes = new SpawnAttributes(spec.IdleScheduling);
        using var actions = new SpawnFileActions(cwd, stdout, stderr);
        using var argv = new NativeStringArray(spec.Argv);
        using var envp = new NativeStringArray(spec.Environment.Select(kv => $"{kv.Key}={kv.Value}").ToList());

        int pid, rc;
        lock (SpawnLock)
        {
            Span<byte> saved = stackalloc byte[Libc.CpuMaskBytes];
            if (spec.Cpus is { } cpus) PinCallingThread(cpus, saved);
            try
            {
                rc = Libc.posix_spawn(out pid, executable, actions.Pointer, attributes.Pointer, argv.Pointer, envp.Pointer);
            }
            finally
            {
                if (spec.Cpus is not null) RestoreCallingThread(saved);
            }
        }
        if (rc != 0) throw SpawnFailure(rc, executable, cwd);
        return new LaunchedProcess(pid, executable);
    }

    private static void PinCallingThread(Odop.Core.Hardware.CpuSet cpus, Span<byte> saved)
    {
        if (cpus.IsEmpty) throw new LaunchException("the CPU set is empty");
        Span<byte> mask = stackalloc byte[Libc.CpuMaskBytes];
        CpuMask.Fill(cpus, mask);
        fixed (byte* s = saved)
        fixed (byte* m = mask)
        {
            if (Libc.sched_getaffinity(0, Libc.CpuMaskBytes, s) != 0)
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "sched_getaffinity of the spawning thread failed");
            if (Libc.sched_setaffinity(0, Libc.CpuMaskBytes, m) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new LaunchException($"cannot pin to CPUs {cpus}: {Libc.ErrorText(errno)} (outside this process's cpuset?)");
            }
        }
    }

    private static void RestoreCallingThread(Span<byte> saved)
    {
        fixed (byte* s = saved)
        {
            // Crash point: failing here would leave a thread-pool thread pinned; fail loudly instead.
            if (Libc.sched_setaffinity(0, Libc.CpuMaskBytes, s) != 0)
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "restoring the spawning thread's affinity failed");
        }
    }

    private static LaunchException SpawnFailure(int errno, string executable, string cwd) => errno switch
    {
        Libc.ENOENT => new LaunchException($"cannot start '{executable}': it or its interpreter does not exist", executable),
        Libc.EACCES => new LaunchException($"cannot start '{executable}': permission denied", executable),
        Libc.ENOEXEC => new LaunchException($"cannot start '{executable}': not a binary nor a script with a #! line", executable),
        _ => new LaunchException($"cannot start '{executable}' in '{cwd}': {Libc.ErrorText(errno)}", executable),
    };
}
