using System.Runtime.InteropServices;

namespace Odop.Node.Mpi;

/// <summary>
/// P/Invoke declarations of <c>native/odop_mpi.h</c>. Every call returns an error code: 0 ok,
/// negative for errors the shim found (the constants below), positive for MPI error codes.
/// Use <see cref="MpiSession"/> rather than these; it adds the thread rules and the retries.
/// </summary>
internal static unsafe partial class MpiShim
{
    internal const string Library = "odop_mpi";

    internal const int Ok = 0;
    internal const int ErrNotInitialized = -1;
    internal const int ErrFinalized = -2;
    internal const int ErrArg = -3;
    internal const int ErrCapacity = -4;
    internal const int ErrTooLarge = -5;
    internal const int ErrNoMemory = -6;
    internal const int ErrNotLeader = -7;
    internal const int ErrRootArg = -8;

    // Runs before the first call below binds to the library, so the resolver is in place.
    static MpiShim() => MpiShimLibrary.EnsureResolver();

    [LibraryImport(Library, EntryPoint = "odop_mpi_error_string")]
    internal static partial int ErrorString(int code, byte* buf, int len);

    [LibraryImport(Library, EntryPoint = "odop_mpi_init")]
    internal static partial int Init(out int providedThreadLevel);

    [LibraryImport(Library, EntryPoint = "odop_mpi_finalize")]
    internal static partial int Finalize();

    [LibraryImport(Library, EntryPoint = "odop_mpi_initialized")]
    internal static partial int Initialized(out int flag);

    [LibraryImport(Library, EntryPoint = "odop_mpi_rank")]
    internal static partial int Rank(out int rank);

    [LibraryImport(Library, EntryPoint = "odop_mpi_size")]
    internal static partial int Size(out int size);

    [LibraryImport(Library, EntryPoint = "odop_mpi_local_rank")]
    internal static partial int LocalRank(out int rank);

    [LibraryImport(Library, EntryPoint = "odop_mpi_local_size")]
    internal static partial int LocalSize(out int size);

    [LibraryImport(Library, EntryPoint = "odop_mpi_is_node_leader")]
    internal static partial int IsNodeLeader(out int flag);

    [LibraryImport(Library, EntryPoint = "odop_mpi_leader_rank")]
    internal static partial int LeaderRank(out int rank);

    [LibraryImport(Library, EntryPoint = "odop_mpi_node_count")]
    internal static partial int NodeCount(out int count);

    [LibraryImport(Library, EntryPoint = "odop_mpi_processor_name")]
    internal static partial int ProcessorName(byte* buf, int len, out int written);

    [LibraryImport(Library, EntryPoint = "odop_mpi_library_version")]
    internal static partial int LibraryVersion(byte* buf, int len, out int written);

    [LibraryImport(Library, EntryPoint = "odop_mpi_group_nodes_by_name")]
    internal static partial int GroupNodesByName(byte* name);

    [LibraryImport(Library, EntryPoint = "odop_mpi_gather_bytes")]
    internal static partial int GatherBytes(byte* send, int sendLen, byte* recv, int recvCapacity, int* lengths, int root, int leadersOnly);

    [LibraryImport(Library, EntryPoint = "odop_mpi_bcast_bytes")]
    internal static partial int BcastBytes(byte* buf, ref int len, int capacity, int root, int leadersOnly);

    [LibraryImport(Library, EntryPoint = "odop_mpi_barrier")]
    internal static partial int Barrier();
}
