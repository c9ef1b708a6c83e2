using System.Runtime.InteropServices;

namespace Odop.Node.Internal;

/// <summary>
/// posix_spawnattr_t for a task: own process group, empty signal mask, every signal at its default
/// disposition (the .NET runtime ignores SIGPIPE; exec keeps ignored signals ignored), optionally SCHED_IDLE.
/// </summary>
internal sealed unsafe class SpawnAttributes : IDisposable
{
    private readonly void* _attr;
    private readonly void* _sigset;

    internal SpawnAttributes(bool idleScheduling)
    {
        _attr = NativeMemory.AllocZeroed(Libc.OpaqueStructBytes);
        _sigset = NativeMemory.AllocZeroed(Libc.OpaqueStructBytes);
        Check(Libc.posix_spawnattr_init(_attr), "posix_spawnattr_init");

        var flags = (short)(Libc.POSIX_SPAWN_SETPGROUP | Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF);
        Check(Libc.posix_spawnattr_setpgroup(_attr, 0), "posix_spawnattr_setpgroup"); // 0: pgid = the child's pid

        Libc.sigemptyset(_sigset);
        Check(Libc.posix_spawnattr_setsigmask(_attr, _sigset), "posix_spawnattr_setsigmask");
        Libc.sigfillset(_sigset);
        Check(Libc.posix_spawnattr_setsigdefault(_attr, _sigset), "posix_spawnattr_setsigdefault");

        if (idleScheduling)
        {
            flags |= Libc.POSIX_SPAWN_SETSCHEDULER;
            var priority = 0; // SCHED_IDLE takes no priority
            Check(Libc.posix_spawnattr_setschedpolicy(_attr, Libc.SCHED_IDLE), "posix_spawnattr_setschedpolicy");
            Check(Libc.posix_spawnattr_setschedparam(_attr, &priority), "posix_spawnattr_setschedparam");
        }
        Check(Libc.posix_spawnattr_setflags(_attr, flags), "posix_spawnattr_setflags");
    }

    internal void* Pointer => _attr;

    private static void Check(int rc, string call)
    {
        if (rc != 0) throw new InvalidOperationException($"{call} failed: {Libc.ErrorText(rc)}");
    }

    public void Dispose()
    {
        Libc.posix_spawnattr_destroy(_attr);
        NativeMemory.Free(_attr);
        NativeMemory.Free(_sigset);
    }
}
