namespace Odop.Node.Mpi;

/// <summary>
/// One reading of a rank's PMPI wait segment (native/odop_pmpi.h), written by libodop_pmpi.so.
/// Times are CLOCK_MONOTONIC nanoseconds, comparable with <see cref="PmpiWaitReader.NowNanoseconds"/>.
/// </summary>
/// <param name="WaitNanoseconds">
/// Time spent inside blocking MPI calls up to <paramref name="ReadAtNanoseconds"/>: the finished calls
/// plus, when the rank is inside one, that call so far.
/// </param>
/// <param name="Calls">Finished blocking calls.</param>
/// <param name="InCall">Whether the rank was inside a blocking call when read.</param>
public sealed record PmpiSegment(
    int Pid,
    int Rank,
    long WaitNanoseconds,
    long Calls,
    bool InCall,
    long LastUpdateNanoseconds,
    long ReadAtNanoseconds)
{
    /// <summary>
    /// The share of wall time (0..1) this rank spent waiting in MPI between an earlier reading of the
    /// same rank and this one; null when the readings are not of the same segment or no time passed.
    /// Clamped: the writer updates its fields one by one, so a reading may be off by part of one call.
    /// </summary>
    public double? WaitShareSince(PmpiSegment earlier)
    {
        if (earlier.Pid != Pid || earlier.Rank != Rank) return null;
        var wall = ReadAtNanoseconds - earlier.ReadAtNanoseconds;
        if (wall <= 0) return null;
        var waited = WaitNanoseconds - earlier.WaitNanoseconds;
        return Math.Clamp((double)waited / wall, 0, 1);
    }
}
