using System.Runtime.InteropServices;

namespace Odop.Node.Internal;

/// <summary>posix_spawn_file_actions_t for a task: stdin from /dev/null, stdout/stderr appended to files, cwd.</summary>
internal sealed unsafe class SpawnFileActions : IDisposable
{
    private readonly void* _actions;

    internal SpawnFileActions(string workingDirectory, string stdoutPath, string stderrPath)
    {
        _actions = NativeMemory.AllocZeroed(Libc.OpaqueStructBytes);
        Check(Libc.posix_spawn_file_actions_init(_actions), "posix_spawn_file_actions_init");
        // Actions run in order, so the opens happen before the chdir; the launcher passes absolute paths anyway.
        const int append = Libc.O_WRONLY | Libc.O_CREAT | Libc.O_APPEND;
        Check(Libc.posix_spawn_file_actions_addopen(_actions, 0, "/dev/null", Libc.O_RDONLY, 0), "addopen stdin");
        Check(Libc.posix_spawn_file_actions_addopen(_actions, 1, stdoutPath, append, 0x1A4 /* 0644 */), "addopen stdout");
        if (stderrPath == stdoutPath)
            Check(Libc.posix_spawn_file_actions_adddup2(_actions, 1, 2), "adddup2 stderr");
        else
            Check(Libc.posix_spawn_file_actions_addopen(_actions, 2, stderrPath, append, 0x1A4), "addopen stderr");
        Check(Libc.posix_spawn_file_actions_addchdir_np(_actions, workingDirectory), "addchdir_np");
    }

    internal void* Pointer => _actions;

    private static void Check(int rc, string call)
    {
        if (rc != 0) throw new InvalidOperationException($"posix_spawn_file_actions {call} failed: {Libc.ErrorText(rc)}");
    }

    public void Dispose()
    {
        Libc.posix_spawn_file_actions_destroy(_actions);
        NativeMemory.Free(_actions);
    }
}
