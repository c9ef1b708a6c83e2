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
        // sigfillset leaves out glibc's internal signals 32 and 33, and posix_spawn then sets those to
        // SIG_IGN in the child, which exec keeps. Set all of 1..64 (bit n-1 of the first word) by hand.
        *(ulong*)_sigset = ulong.MaxValue;
        Check(Libc.posix_spawnattr_setsigdefault(_attr, _sigset), "posix_spawnattr_setsigdefault");

        if (idleScheduling)
        {
            flags |= Libc.POSIX_SPAWN_SETSCHEDULER;
            var priority = 0; // SCHED_IDLE takes no priority
            SetPolicy(_attr, Libc.SCHED_IDLE);
            Check(Libc.posix_spawnattr_setschedparam(_attr, &priority), "posix_spawnattr_setschedparam");
        }
        Check(Libc.posix_spawnattr_setflags(_attr, flags), "posix_spawnattr_setflags");
    }

    internal void* Pointer => _attr;

    // glibc's posix_spawnattr_setschedpolicy accepts only OTHER, FIFO and RR, although the child just
    // passes the stored policy to sched_setscheduler, which takes SCHED_IDLE. So find where the setter
    // stores the policy (the one int it changes) and write SCHED_IDLE there.
    private static readonly Lazy<int> PolicyOffset = new(FindPolicyOffset);

    private static void SetPolicy(void* attr, int policy) => *(int*)((byte*)attr + PolicyOffset.Value) = policy;

    private static int FindPolicyOffset()
    {
        const int sizeBytes = 512; // glibc's posix_spawnattr_t is 336 bytes
        var probe = (byte*)NativeMemory.AllocZeroed(Libc.OpaqueStructBytes);
        var before = new byte[sizeBytes];
        try
        {
            Check(Libc.posix_spawnattr_init(probe), "posix_spawnattr_init");
            new ReadOnlySpan<byte>(probe, sizeBytes).CopyTo(before);
            const int schedRr = 2;
            Check(Libc.posix_spawnattr_setschedpolicy(probe, schedRr), "posix_spawnattr_setschedpolicy");
            var changed = new List<int>();
            for (var offset = 0; offset < sizeBytes; offset += sizeof(int))
                if (*(int*)(probe + offset) != BitConverter.ToInt32(before, offset)) changed.Add(offset);
            if (changed.Count != 1 || *(int*)(probe + changed[0]) != schedRr)
                throw new PlatformNotSupportedException("cannot locate the scheduling policy in posix_spawnattr_t");
            return changed[0];
        }
        finally
        {
            Libc.posix_spawnattr_destroy(probe);
            NativeMemory.Free(probe);
        }
    }

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
