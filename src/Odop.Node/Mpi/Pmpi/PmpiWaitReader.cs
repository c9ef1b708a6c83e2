using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Odop.Node.Mpi.Internal;

namespace Odop.Node.Mpi;

/// <summary>
/// Reads the shared-memory segment that libodop_pmpi.so (native/odop_pmpi.c), preloaded into an MPI
/// program, keeps per rank: /dev/shm/odop-pmpi.&lt;uid&gt;.&lt;pid&gt;. Absent (null) whenever there is no
/// usable segment: not preloaded, not yet past MPI_Init, finalized, a stale file of a dead process,
/// a short or foreign file. Never throws for a bad segment.
/// </summary>
public static class PmpiWaitReader
{
    public const string DefaultDirectory = "/dev/shm";
    internal const uint Magic = 0x4D50444F;
    internal const uint Version = 1;
    internal const int SegmentSize = 64;

    /// <summary>CLOCK_MONOTONIC now, in nanoseconds.</summary>
    public static long NowNanoseconds() => PmpiLibc.NowNanoseconds();

    /// <summary>The segment path of <paramref name="pid"/> run by <paramref name="uid"/>.</summary>
    public static string SegmentPath(int uid, int pid, string directory = DefaultDirectory) =>
        Path.Combine(directory, $"odop-pmpi.{uid}.{pid}");

    /// <summary>
    /// The pids that have a segment in <paramref name="directory"/> (by default the caller's uid): one
    /// directory listing, so a node whose ranks run without the library costs no failed open per rank.
    /// </summary>
    public static IReadOnlySet<int> PidsWithSegments(int? uid = null, string directory = DefaultDirectory)
    {
        var prefix = $"odop-pmpi.{uid ?? PmpiLibc.Uid()}.";
        var pids = new HashSet<int>();
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory, prefix + "*"))
                if (int.TryParse(Path.GetFileName(path).AsSpan(prefix.Length), System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out var pid)) pids.Add(pid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return pids;
    }

    /// <summary>
    /// Reads the segment of a live process run by <paramref name="uid"/> (by default the caller's own
    /// uid: the agent and the simulation normally run as the same user, and knowing it saves a /proc read).
    /// </summary>
    public static PmpiSegment? TryRead(int pid, int? uid = null, string directory = DefaultDirectory)
    {
        if (pid <= 0) return null;
        var segment = TryReadFile(SegmentPath(uid ?? PmpiLibc.Uid(), pid, directory), pid);
        // A rank killed before MPI_Finalize leaves its file behind: without a live process it is stale.
        return segment is not null && Directory.Exists($"/proc/{pid}") ? segment : null;
    }

    /// <summary>Reads one segment file and checks that it belongs to <paramref name="pid"/>.</summary>
    public static PmpiSegment? TryReadFile(string path, int pid)
    {
        Span<byte> buffer = stackalloc byte[SegmentSize];
        try
        {
            using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var read = 0;
            while (read < SegmentSize)
            {
                var n = RandomAccess.Read(file, buffer[read..], read);
                if (n == 0) return null;
                read += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var now = NowNanoseconds();
        return Parse(buffer, pid, now);
    }

    internal static PmpiSegment? Parse(ReadOnlySpan<byte> b, int pid, long now)
    {
        if (b.Length < SegmentSize) return null;
        if (BinaryPrimitives.ReadUInt32LittleEndian(b) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(b[4..]) != Version)
            return null;
        var segmentPid = BinaryPrimitives.ReadInt32LittleEndian(b[8..]);
        var rank = BinaryPrimitives.ReadInt32LittleEndian(b[12..]);
        if (segmentPid != pid || rank < 0) return null;
        var wait = (long)BinaryPrimitives.ReadUInt64LittleEndian(b[16..]);
        var calls = (long)BinaryPrimitives.ReadUInt64LittleEndian(b[24..]);
        var lastUpdate = (long)BinaryPrimitives.ReadUInt64LittleEndian(b[32..]);
        var inCall = BinaryPrimitives.ReadUInt32LittleEndian(b[40..]) > 0;
        var callStart = (long)BinaryPrimitives.ReadUInt64LittleEndian(b[48..]);
        if (wait < 0 || calls < 0) return null;
        // A call in progress counts up to now: a rank blocked in one long MPI_Recv is waiting all along.
        if (inCall && callStart > 0 && now > callStart) wait += now - callStart;
        return new PmpiSegment(segmentPid, rank, wait, calls, inCall, lastUpdate, now);
    }
}
