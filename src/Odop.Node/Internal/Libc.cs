using System.Runtime.InteropServices;

namespace Odop.Node.Internal;

/// <summary>
/// The glibc entry points Odop needs. x86_64 and aarch64 Linux share these layouts; every call that
/// can fail sets errno, read with <see cref="Marshal.GetLastPInvokeError"/>.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    // posix_spawn family: they return an errno value instead of setting errno.
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int posix_spawn(out int pid, string path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Lib)] internal static partial int posix_spawnattr_init(void* attr);
    [LibraryImport(Lib)] internal static partial int posix_spawnattr_destroy(void* attr);
    [LibraryImport(Lib)] internal static partial int posix_spawnattr_setflags(void* attr, short flags);
    [LibraryImport(Lib)] internal static partial int posix_spawnattr_setpgroup(void* attr, int pgroup);
    [LibraryImport(Lib)] internal static partial int posix_spawnattr_setschedpolicy(void* attr, int policy);
    [LibraryImport(Lib)] internal static partial int posix_spawnattr_setschedparam(void* attr, int* schedParam);
    [LibraryImport(Lib)] internal static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);
    [LibraryImport(Lib)] internal static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport(Lib)] internal static partial int posix_spawn_file_actions_init(void* actions);
    [LibraryImport(Lib)] internal static partial int posix_spawn_file_actions_destroy(void* actions);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int posix_spawn_file_actions_addopen(void* actions, int fd, string path, int oflag, int mode);
    [LibraryImport(Lib)] internal static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int posix_spawn_file_actions_addchdir_np(void* actions, string path);

    [LibraryImport(Lib)] internal static partial int sigemptyset(void* set);
    [LibraryImport(Lib)] internal static partial int sigfillset(void* set);

    internal const int MADV_DONTNEED = 4;

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int madvise(nint address, nuint length, int advice);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int sched_setaffinity(int pid, nuint size, byte* mask);
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int sched_getaffinity(int pid, nuint size, byte* mask);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int kill(int pid, int signal);

    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int waitid(int idType, int id, void* info, int options);
    [LibraryImport(Lib, SetLastError = true)]
    internal static partial int wait4(int pid, int* status, int options, Rusage* usage);

    [LibraryImport(Lib)] internal static partial int getuid();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int access(string path, int mode);
    internal const int X_OK = 1;
    [LibraryImport(Lib)] internal static partial long sysconf(int name);
    internal const int _SC_CLK_TCK = 2;

    internal const short POSIX_SPAWN_SETPGROUP = 0x02;
    internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
    internal const short POSIX_SPAWN_SETSIGMASK = 0x08;
    internal const short POSIX_SPAWN_SETSCHEDPARAM = 0x10;
    internal const short POSIX_SPAWN_SETSCHEDULER = 0x20;

    internal const int SCHED_IDLE = 5;

    internal const int O_RDONLY = 0x0;
    internal const int O_WRONLY = 0x1;
    internal const int O_CREAT = 0x40;
    internal const int O_APPEND = 0x400;
    internal const int O_CLOEXEC = 0x80000;

    internal const int P_PID = 1;
    internal const int WEXITED = 4;
    internal const int WNOWAIT = 0x01000000;

    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int ESRCH = 3;
    internal const int EINTR = 4;
    internal const int ECHILD = 10;
    internal const int EACCES = 13;
    internal const int ENOTDIR = 20;
    internal const int EINVAL = 22;
    internal const int ENOEXEC = 8;

    /// <summary>The opaque glibc structs are smaller than this; the slack costs nothing.</summary>
    internal const int OpaqueStructBytes = 1024;

    /// <summary>Bytes of a CPU mask: one bit per id up to CpuSet.MaxCpuId.</summary>
    internal const int CpuMaskBytes = 1024;

    internal static string ErrorText(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timeval
    {
        public long Seconds;
        public long Microseconds;
        public readonly TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Seconds * TimeSpan.TicksPerSecond + Microseconds * 10);
    }

    /// <summary>struct rusage: two timevals, then fourteen longs of which Odop reads ru_maxrss.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Rusage
    {
        public Timeval UserTime;
        public Timeval SystemTime;
        public long MaxRssKiB;
        public fixed long Rest[13];
    }
}
