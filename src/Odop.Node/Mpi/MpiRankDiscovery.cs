using Odop.Node.Internal;
using Odop.Node.Proc;

namespace Odop.Node.Mpi;

/// <summary>
/// Finds the MPI ranks running on this node from the launcher variables in /proc/&lt;pid&gt;/environ.
/// Only processes of this user are considered. A process's environ is fixed once it has exec'd, so each
/// is read once and cached under (pid, start time, comm): comm changes on exec, which matters when a
/// scan catches a launcher's child between fork and exec. Thread-safe.
/// Opening a /proc file costs tens of microseconds, so a scan re-reads the stat of young processes
/// only (which may still exec) and reuses what it read of settled ones; every
/// <see cref="FullRefreshEvery"/>th scan re-reads everything, which also catches a reused pid.
/// </summary>
public sealed class MpiRankDiscovery
{
    private static readonly HashSet<string> Launchers = new(StringComparer.Ordinal)
    {
        "mpirun", "mpiexec", "orterun", "orted", "prterun", "prte", "prted",
        "hydra_pmi_proxy", "mpiexec.hydra", "srun", "slurmstepd",
    };

    /// <summary>Every this many scans, every process's stat is read afresh.</summary>
    public const int FullRefreshEvery = 15;

    /// <summary>A process older than this has exec'd (or never will): its stat is reused between full refreshes.</summary>
    private static readonly long SettledTicks = 10 * ProcStat.TicksPerSecond;

    private readonly Dictionary<int, ProcStat> _stats = new();
    private int _scans;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, CacheEntry> _cache = new();
    private readonly int _uid = Libc.getuid();
    private readonly RankIdentity? _own = RankIdentity.From(Environment.GetEnvironmentVariable);

    /// <param name="rootPid">When set, only descendants of this process (e.g. the mpirun `odop run` started).</param>
    public MpiRankDiscovery(int? rootPid = null) => RootPid = rootPid;

    public int? RootPid { get; }

    public IReadOnlyList<DiscoveredRank> Scan()
    {
        IReadOnlyList<ProcStat> stats;
        lock (_lock) stats = ReadStats();
        var byPid = stats.ToDictionary(s => s.Pid);
        var candidates = new Dictionary<int, RankIdentity>();
        lock (_lock)
        {
            foreach (var stat in stats)
                if (IdentityOf(stat) is { } identity) candidates[stat.Pid] = identity;
            foreach (var gone in _cache.Keys.Where(pid => !byPid.ContainsKey(pid)).ToList()) _cache.Remove(gone);
        }

        // This process and its ancestors are not ranks of the simulation, nor is anything in our own MPI job
        // (the agent itself runs under mpirun).
        foreach (var pid in AncestorsOf(Environment.ProcessId, byPid).Append(Environment.ProcessId)) candidates.Remove(pid);
        if (_own is not null)
            foreach (var (pid, id) in candidates.ToList())
                if (id.SameJob(_own)) candidates.Remove(pid);

        // A process whose ancestor is the same rank only inherited the variables (a shell, a helper).
        var inherited = candidates
            .Where(c => AncestorsOf(c.Key, byPid).Any(a => candidates.TryGetValue(a, out var up) && up.SameRank(c.Value)))
            .Select(c => c.Key).ToList();
        foreach (var pid in inherited) candidates.Remove(pid);

        // An ancestor of ranks is not a rank itself (a batch shell with SLURM_PROCID=0 above mpirun).
        var above = candidates.Keys.SelectMany(pid => AncestorsOf(pid, byPid)).Where(candidates.ContainsKey).ToHashSet();
        foreach (var pid in above) candidates.Remove(pid);

        IReadOnlySet<int>? under = RootPid is { } root ? ProcessTable.DescendantsOf(root, stats) : null;
        var ranks = new List<DiscoveredRank>();
        foreach (var (pid, id) in candidates)
        {
            if (under is not null && !under.Contains(pid)) continue;
            // sched_getaffinity is one system call; parsing /proc/<pid>/status for the same list costs ten times more.
            if (Affinity.Get(pid) is not { } bound) continue; // exited since
            ranks.Add(new DiscoveredRank(pid, id.Rank, id.LocalRank, id.WorldSize, id.Source, bound, id.JobId));
        }
        ranks.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Pid.CompareTo(b.Pid));
        return ranks;
    }

    private List<ProcStat> ReadStats()
    {
        var pids = ProcessTable.Pids();
        var full = _scans++ % FullRefreshEvery == 0;
        var now = UptimeTicks();
        var stats = new List<ProcStat>(pids.Count);
        var seen = new HashSet<int>(pids.Count);
        foreach (var pid in pids)
        {
            seen.Add(pid);
            if (!full && now > 0 && _stats.TryGetValue(pid, out var cached) && now - cached.StartTimeTicks > SettledTicks)
            {
                stats.Add(cached);
                continue;
            }
            if (ProcStat.Read(pid) is { } stat)
            {
                _stats[pid] = stat;
                stats.Add(stat);
            }
        }
        foreach (var gone in _stats.Keys.Where(pid => !seen.Contains(pid)).ToList()) _stats.Remove(gone);
        return stats;
    }

    /// <summary>Clock ticks since boot, the unit of a process's start time; 0 when unreadable (then nothing is reused).</summary>
    private static long UptimeTicks()
    {
        try
        {
            var text = File.ReadAllText("/proc/uptime");
            var seconds = double.Parse(text.AsSpan(0, text.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
            return (long)(seconds * ProcStat.TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    private RankIdentity? IdentityOf(ProcStat stat)
    {
        if (Launchers.Contains(stat.Comm)) return null;
        if (_cache.TryGetValue(stat.Pid, out var hit) && hit.StartTime == stat.StartTimeTicks && hit.Comm == stat.Comm)
            return hit.Identity;

        // Only a verdict read from a whole environment is cached. An unreadable or empty one (gone, or
        // caught mid-exec after its new name but before its environment) is read again next scan:
        // cached, it would hide that rank for as long as it runs.
        if (ProcStatus.Read(stat.Pid) is not { } status) return null;
        RankIdentity? identity = null;
        if (status.Uid == _uid)
        {
            if (ProcEnviron.TryReadSome(stat.Pid, RankIdentity.Variables) is not { } env) return null;
            identity = RankIdentity.From(name => env.GetValueOrDefault(name));
        }
        _cache[stat.Pid] = new CacheEntry(stat.StartTimeTicks, stat.Comm, identity);
        return identity;
    }

    private static IEnumerable<int> AncestorsOf(int pid, Dictionary<int, ProcStat> byPid)
    {
        var seen = 0;
        while (byPid.TryGetValue(pid, out var stat) && stat.PPid > 1 && seen++ < 4096)
        {
            pid = stat.PPid;
            yield return pid;
        }
    }

    private sealed record CacheEntry(long StartTime, string Comm, RankIdentity? Identity);
}
