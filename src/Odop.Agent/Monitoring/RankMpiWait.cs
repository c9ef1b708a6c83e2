using Odop.Node.Mpi;

namespace Odop.Agent.Monitoring;

/// <summary>
/// Each simulation rank's share of wall time spent inside blocking MPI calls between two rank samples,
/// from the segments of libodop_pmpi.so when the simulation runs with it preloaded. A rank without a
/// segment has no share. Busy-polling MPI waits look like 100% CPU in /proc; this tells them apart.
/// </summary>
internal sealed class RankMpiWait
{
    private readonly Dictionary<int, PmpiSegment> _previous = [];
    private readonly Dictionary<int, double> _shares = [];

    /// <summary>Reads every rank's segment (one small file read each) and updates the shares.</summary>
    public void Sample(IEnumerable<int> rankPids)
    {
        var seen = new HashSet<int>();
        var withSegments = PmpiWaitReader.PidsWithSegments();
        foreach (var pid in rankPids)
        {
            seen.Add(pid);
            if (!withSegments.Contains(pid) || PmpiWaitReader.TryRead(pid) is not { } segment)
            {
                _previous.Remove(pid);
                _shares.Remove(pid);
                continue;
            }
            if (_previous.TryGetValue(pid, out var earlier) && segment.WaitShareSince(earlier) is { } share) _shares[pid] = share;
            else _shares.Remove(pid);
            _previous[pid] = segment;
        }
        foreach (var gone in _previous.Keys.Where(p => !seen.Contains(p)).ToList())
        {
            _previous.Remove(gone);
            _shares.Remove(gone);
        }
    }

    /// <summary>The rank's latest share (0..1); null without a segment or before its second reading.</summary>
    public double? ShareOf(int pid) => _shares.TryGetValue(pid, out var share) ? share : null;
}
