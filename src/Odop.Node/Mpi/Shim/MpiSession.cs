using System.Text;

namespace Odop.Node.Mpi;

/// <summary>
/// MPI for Odop agents, through the native shim (<c>native/odop_mpi.c</c>). One per process:
/// MPI starts once and cannot start again after <see cref="FinalizeMpi"/>.
/// </summary>
/// <remarks>
/// Thread rules:
/// <list type="bullet">
/// <item>When MPI provides less than <see cref="MpiThreadLevel.Serialized"/> (Open MPI builds may
/// give only FUNNELED), every call must come from the thread that called <see cref="Init"/>;
/// a call from another thread throws <see cref="InvalidOperationException"/>. Run MPI work on
/// one dedicated thread, not on thread-pool continuations, which may hop threads after an await.</item>
/// <item>Otherwise any thread may call; calls are serialised by a lock here.</item>
/// <item>Collectives (marked so) must be called by every rank of the group, in the same order
/// on every rank. When one rank's buffer is too small or an argument is bad, every rank of
/// the group gets the same error, so none is left waiting.</item>
/// </list>
/// The rank properties are read once (and again after <see cref="GroupNodesByName"/>), so
/// reading them never calls MPI and is allowed from any thread.
/// </remarks>
public sealed class MpiSession : IDisposable
{
    private const int InitialReceiveCapacity = 16 * 1024;
    private static readonly Lock SessionGate = new();
    private static MpiSession? open;

    private readonly Lock callGate = new();
    private readonly int initThreadId;
    private bool finalized;

    private unsafe MpiSession(MpiThreadLevel threadLevel)
    {
        initThreadId = Environment.CurrentManagedThreadId;
        ThreadLevel = threadLevel;
        Rank = Read(MpiShim.Rank, "rank");
        Size = Read(MpiShim.Size, "size");
        ProcessorName = ReadText(MpiShim.ProcessorName, "processor name");
        LibraryVersion = ReadText(MpiShim.LibraryVersion, "library version").Trim();
        ReadNodeGrouping();
    }

    /// <summary>What MPI provided when asked for <see cref="MpiThreadLevel.Multiple"/>.</summary>
    public MpiThreadLevel ThreadLevel { get; }

    /// <summary>Rank in MPI_COMM_WORLD.</summary>
    public int Rank { get; }

    /// <summary>Size of MPI_COMM_WORLD.</summary>
    public int Size { get; }

    /// <summary>Rank within this rank's node (ranks sharing memory, or sharing a name after <see cref="GroupNodesByName"/>).</summary>
    public int LocalRank { get; private set; }

    /// <summary>Number of ranks on this rank's node.</summary>
    public int LocalSize { get; private set; }

    /// <summary>True on local rank 0, the lowest world rank of its node. World rank 0 is always a leader.</summary>
    public bool IsNodeLeader { get; private set; }

    /// <summary>Rank among the leaders (numbered by world rank), or -1 when not a leader.</summary>
    public int LeaderRank { get; private set; }

    /// <summary>Number of nodes, which is the number of leaders.</summary>
    public int NodeCount { get; private set; }

    /// <summary>MPI_Get_processor_name: usually the host name.</summary>
    public string ProcessorName { get; }

    /// <summary>MPI_Get_library_version, e.g. "Open MPI v4.1.4, ...".</summary>
    public string LibraryVersion { get; }

    /// <summary>
    /// Initialises MPI (collective over MPI_COMM_WORLD) and groups ranks into nodes by shared memory.
    /// If the host process already initialised MPI, uses it and leaves finalising to the host.
    /// </summary>
    /// <exception cref="DllNotFoundException">libodop_mpi.so is missing; the message says how to build it.</exception>
    /// <exception cref="InvalidOperationException">A session is already open.</exception>
    /// <exception cref="MpiException">MPI could not start, or was finalised before.</exception>
    public static MpiSession Init()
    {
        lock (SessionGate)
        {
            if (open is not null)
                throw new InvalidOperationException("MPI is already initialised by an open MpiSession; use that one.");
            Check(MpiShim.Init(out var provided), "init");
            open = new MpiSession((MpiThreadLevel)provided);
            return open;
        }
    }

    /// <summary>
    /// Collective over MPI_COMM_WORLD: regroups ranks into nodes by name, so that several agents
    /// on one machine can act as separate nodes. Equal names form one node; null or "" means
    /// "my processor name". If every rank passes null or "", the grouping by shared memory stays.
    /// </summary>
    public void GroupNodesByName(string? nodeName)
    {
        var bytes = Encoding.UTF8.GetBytes((nodeName ?? "") + "\0");
        Call(() =>
        {
            unsafe
            {
                fixed (byte* name = bytes)
                    Check(MpiShim.GroupNodesByName(name), "group nodes by name");
            }
            ReadNodeGrouping();
        });
    }

    /// <summary>
    /// Collective over world, or over the node leaders when <paramref name="leadersOnly"/>:
    /// world rank 0 receives every rank's bytes in rank order; other ranks get null.
    /// </summary>
    /// <exception cref="MpiException">For example when leadersOnly and this rank is not a leader.</exception>
    public byte[][]? GatherToRoot(ReadOnlySpan<byte> data, bool leadersOnly)
    {
        lock (callGate)
        {
            EnsureCallable();
            bool isRoot = leadersOnly ? LeaderRank == 0 : Rank == 0;
            int groupSize = leadersOnly ? NodeCount : Size;
            int[]? lengths = isRoot ? new int[groupSize] : null;
            byte[]? received = isRoot ? new byte[GuessCapacity(data.Length, groupSize)] : null;
            // The second try, with the size root learnt from the first, cannot be too small.
            for (int attempt = 0; ; attempt++)
            {
                int rc = GatherOnce(data, received, lengths, leadersOnly);
                if (rc == MpiShim.ErrCapacity && attempt == 0)
                {
                    if (isRoot)
                        received = new byte[lengths!.Sum(n => (long)n)];
                    continue;
                }
                Check(rc, "gather");
                break;
            }
            return isRoot ? Split(received!, lengths!) : null;
        }
    }

    /// <summary>
    /// Collective over world, or over the node leaders when <paramref name="leadersOnly"/>:
    /// every rank gets world rank 0's bytes. Root passes them (root's own array is returned);
    /// other ranks pass null.
    /// </summary>
    public byte[] Broadcast(byte[]? fromRoot, bool leadersOnly)
    {
        lock (callGate)
        {
            EnsureCallable();
            bool isRoot = leadersOnly ? LeaderRank == 0 : Rank == 0;
            // A root with null sends -1, so every rank fails together instead of waiting.
            byte[]? buffer = isRoot ? fromRoot : new byte[InitialReceiveCapacity];
            int length = isRoot ? fromRoot?.Length ?? -1 : 0;
            for (int attempt = 0; ; attempt++)
            {
                int rc = BroadcastOnce(buffer, ref length, leadersOnly);
                if (rc == MpiShim.ErrCapacity && attempt == 0)
                {
                    if (!isRoot)
                        buffer = new byte[length];
                    continue;
                }
                Check(rc, "broadcast");
                break;
            }
            return isRoot ? fromRoot! : buffer!.AsSpan(0, length).ToArray();
        }
    }

    /// <summary>Collective over world.</summary>
    public void Barrier() => Call(() => Check(MpiShim.Barrier(), "barrier"));

    /// <summary>
    /// Collective over world: frees the shim's communicators and finalises MPI if this session
    /// started it. MPI cannot be started again in this process. A second call does nothing.
    /// </summary>
    public void FinalizeMpi()
    {
        lock (callGate)
        {
            if (finalized)
                return;
            EnsureCallable();
            finalized = true;
            lock (SessionGate)
                open = null;
            Check(MpiShim.Finalize(), "finalize");
        }
    }

    /// <summary>Same as <see cref="FinalizeMpi"/>, so it follows the same thread rules.</summary>
    public void Dispose() => FinalizeMpi();

    private void Call(Action action)
    {
        lock (callGate)
        {
            EnsureCallable();
            action();
        }
    }

    private void EnsureCallable()
    {
        if (finalized)
            throw new InvalidOperationException("MPI is finalised; it cannot be used again in this process.");
        if (ThreadLevel < MpiThreadLevel.Serialized && Environment.CurrentManagedThreadId != initThreadId)
            throw new InvalidOperationException(
                $"MPI provided only {ThreadLevel}: call it from the thread that initialised it (managed thread {initThreadId}).");
    }

    private void ReadNodeGrouping()
    {
        LocalRank = Read(MpiShim.LocalRank, "local rank");
        LocalSize = Read(MpiShim.LocalSize, "local size");
        IsNodeLeader = Read(MpiShim.IsNodeLeader, "is node leader") != 0;
        LeaderRank = Read(MpiShim.LeaderRank, "leader rank");
        NodeCount = Read(MpiShim.NodeCount, "node count");
    }

    private static unsafe int GatherOnce(ReadOnlySpan<byte> data, byte[]? received, int[]? lengths, bool leadersOnly)
    {
        fixed (byte* send = data)
        fixed (byte* recv = received)
        fixed (int* lens = lengths)
            return MpiShim.GatherBytes(send, data.Length, recv, received?.Length ?? 0, lens, 0, leadersOnly ? 1 : 0);
    }

    private static unsafe int BroadcastOnce(byte[]? buffer, ref int length, bool leadersOnly)
    {
        fixed (byte* buf = buffer)
            return MpiShim.BcastBytes(buf, ref length, buffer?.Length ?? 0, 0, leadersOnly ? 1 : 0);
    }

    private static int GuessCapacity(int ownLength, int groupSize) =>
        (int)Math.Clamp((long)ownLength * groupSize, InitialReceiveCapacity, Array.MaxLength);

    private static byte[][] Split(byte[] received, int[] lengths)
    {
        var parts = new byte[lengths.Length][];
        int offset = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            parts[i] = received.AsSpan(offset, lengths[i]).ToArray();
            offset += lengths[i];
        }
        return parts;
    }

    private delegate int IntGetter(out int value);

    private static int Read(IntGetter getter, string what)
    {
        Check(getter(out var value), what);
        return value;
    }

    private unsafe delegate int TextGetter(byte* buf, int len, out int written);

    private static unsafe string ReadText(TextGetter getter, string what)
    {
        var buffer = new byte[256];
        while (true)
        {
            int rc, written;
            fixed (byte* buf = buffer)
                rc = getter(buf, buffer.Length, out written);
            if (rc == MpiShim.ErrCapacity && written >= buffer.Length)
            {
                buffer = new byte[written + 1];
                continue;
            }
            Check(rc, what);
            return Encoding.UTF8.GetString(buffer, 0, written);
        }
    }

    internal static void Check(int rc, string operation)
    {
        if (rc != MpiShim.Ok)
            throw new MpiException(operation, rc, Describe(rc));
    }

    internal static unsafe string Describe(int code)
    {
        Span<byte> buffer = stackalloc byte[1280];
        fixed (byte* buf = buffer)
            MpiShim.ErrorString(code, buf, buffer.Length);
        int end = buffer.IndexOf((byte)0);
        return Encoding.UTF8.GetString(buffer[..(end < 0 ? buffer.Length : end)]);
    }
}
