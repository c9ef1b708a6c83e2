using Microsoft.Extensions.Logging;
using Odop.Core.Hardware;
using Odop.Protocol;
using Odop.Store;

namespace Odop.Agent.Loop;

/// <summary>
/// Core leases: cores lent to a user for interactive work. Leased cores join the scheduler's excluded set, so
/// nothing new is placed there; side tasks already on them leave (odop policy: its reclaim moves or pauses them;
/// the other policies have no reclaim, so they are stopped and queued again). A lease ends when released or
/// when its time is up, checked on every sample.
/// </summary>
/// <remarks>
/// Free for a lease: the agent's usable cores minus cores of other leases and cores reserved for the simulation (odop run); the ranks are
/// otherwise judged by load like everything else. Cores running side tasks count as free (side tasks make way); idle ones are preferred.
/// </remarks>
internal sealed partial class AgentLoop
{
    private readonly Dictionary<string, StoredLease> _leases = new(StringComparer.Ordinal);
    private readonly List<LeaseAcquireRequested> _leaseWaiters = [];
    private readonly List<(StoredLease Lease, TaskCompletionSource<StoredLease>? Reply)> _leaseWrites = [];
    private IAccessStore? _accessStore;
    private CpuSet _leasedCpus = CpuSet.Empty;
    private (CpuSet Simulation, SimulationCoreUse Use, CpuSet Leased, CpuSet Excluded, CpuSet GapFill)? _excludedCache;

    public void AttachAccessStore(IAccessStore store) => _accessStore = store;

    /// <summary>Active leases from the store after a restart; ones whose time is up end at the first sample.</summary>
    public async Task RestoreLeasesAsync(CancellationToken cancellationToken)
    {
        if (_accessStore is null) return;
        foreach (var lease in await _accessStore.LeasesAsync(includeEnded: false, cancellationToken)) _leases[lease.Id] = lease;
        _leasedCpus = LeasedNow();
    }

    /// <summary>
    /// What the scheduler may not touch (reserved simulation cores and leased cores), and which of those lend their
    /// gaps (reserved simulation cores under `--simulation-cores gaps`, leased ones aside). Cached: the core round
    /// rebuilds on a new set, and this runs every round.
    /// </summary>
    private (CpuSet Excluded, CpuSet GapFill) ExcludedForScheduler()
    {
        if (_excludedCache is { } c && ReferenceEquals(c.Simulation, _simulationCpus) && c.Use == _simulationCoreUse && ReferenceEquals(c.Leased, _leasedCpus))
            return (c.Excluded, c.GapFill);
        var simulation = SimulationReserved ? _simulationCpus : CpuSet.Empty;
        var excluded = _leasedCpus.IsEmpty ? simulation : simulation.Union(_leasedCpus);
        var gapFill = _simulationCoreUse != SimulationCoreUse.Gaps ? CpuSet.Empty
            : _leasedCpus.IsEmpty ? _simulationCpus : _simulationCpus.Except(_leasedCpus);
        _excludedCache = (_simulationCpus, _simulationCoreUse, _leasedCpus, excluded, gapFill);
        return (excluded, gapFill);
    }

    private void HandleLeaseAcquire(LeaseAcquireRequested e)
    {
        if (e.Cores > _usableCpus.Count)
        {
            e.Reply.TrySetException(new RpcException(StatusCode.InvalidArgument,
                $"cores: {e.Cores} asked, but this node offers {_usableCpus.Count} core(s) to side tasks and leases (CPUs {_usableCpus})"));
            return;
        }
        if (TryGrant(e)) return;
        if (e.Wait)
        {
            _leaseWaiters.Add(e);
            return;
        }
        e.Reply.TrySetException(new RpcException(StatusCode.ResourceExhausted,
            $"cores: {e.Cores} asked, {FreeForLease().Count} free now ({WhyNotFree()}); add --wait to wait for them"));
    }

    private void HandleLeaseRelease(LeaseReleaseRequested e)
    {
        if (!_leases.TryGetValue(e.LeaseId, out var lease))
        {
            e.Reply.TrySetException(new RpcException(StatusCode.NotFound, $"no active lease {e.LeaseId}"));
            return;
        }
        if (!e.Caller.Owns(lease.Owner))
        {
            e.Reply.TrySetException(new RpcException(StatusCode.PermissionDenied,
                $"releasing lease {e.LeaseId} needs the 'admin' capability: it belongs to '{lease.Owner}', not '{e.Caller.Name}'"));
            return;
        }
        End(lease, "released", e.Reply);
        GrantWaiting();
    }

    /// <summary>On every sample: leases whose time is up end, then waiting requests get the cores that freed up.</summary>
    private void MaintainLeases()
    {
        var now = Now;
        foreach (var lease in _leases.Values.Where(l => l.ExpiresAt <= now).ToList()) End(lease, "expired", null);
        GrantWaiting();
    }

    private void GrantWaiting()
    {
        _leaseWaiters.RemoveAll(w => w.Reply.Task.IsCompleted); // the caller gave up
        foreach (var waiter in _leaseWaiters.ToList())
        {
            if (!TryGrant(waiter)) break; // first come, first served: a later, smaller request does not overtake
            _leaseWaiters.Remove(waiter);
        }
    }

    private bool TryGrant(LeaseAcquireRequested e)
    {
        var free = FreeForLease();
        if (free.Count < e.Cores) return false;
        var busy = SideTaskCpus();
        var cpus = CpuSet.Of(free.Ids.OrderBy(busy.Contains).ThenBy(id => id).Take(e.Cores));
        var now = Now;
        var lease = new StoredLease(Guid.NewGuid().ToString("N")[..12], e.Caller.Name, cpus, now, now + e.Duration);
        _leases[lease.Id] = lease;
        _leasedCpus = LeasedNow();
        if (_options.Policy != Odop.Scheduling.PolicyKind.Odop) StopSideTasksOn(cpus);
        _leaseWrites.Add((lease, e.Reply));
        LeaseLog(_logger, lease.Id, lease.Owner, cpus.ToString(), "acquired");
        return true;
    }

    /// <summary>Policies without reclaim: side tasks on the lent cores stop and go back to the queue.</summary>
    private void StopSideTasksOn(CpuSet cpus)
    {
        foreach (var execution in _book.Live)
            if (execution.Record.Placement.Overlaps(cpus) && !execution.RequeueAfterStop && !execution.StopRequested)
            {
                execution.RequeueAfterStop = true;
                execution.PendingStopReason.Set($"its cores were leased (CPUs {cpus})");
                SendStop(execution, "its cores were leased");
            }
    }

    private void End(StoredLease lease, string reason, TaskCompletionSource<StoredLease>? reply)
    {
        _leases.Remove(lease.Id);
        _leasedCpus = LeasedNow();
        _leaseWrites.Add((lease with { EndedAt = Now, EndReason = reason }, reply));
        LeaseLog(_logger, lease.Id, lease.Owner, lease.Cpus.ToString(), reason);
    }

    private CpuSet FreeForLease() => _usableCpus.Except(_leasedCpus).Except(SimulationReserved ? _simulationCpus : CpuSet.Empty);

    private CpuSet SideTaskCpus()
    {
        var cpus = CpuSet.Empty;
        foreach (var execution in _book.Live) cpus = cpus.Union(execution.Record.Placement);
        return cpus;
    }

    private CpuSet LeasedNow()
    {
        var cpus = CpuSet.Empty;
        foreach (var lease in _leases.Values) cpus = cpus.Union(lease.Cpus);
        return cpus;
    }

    private string WhyNotFree()
    {
        var parts = new List<string>();
        foreach (var lease in _leases.Values) parts.Add($"CPUs {lease.Cpus} leased by {lease.Owner} until {lease.ExpiresAt:HH:mm:ss}");
        if (SimulationReserved && !_simulationCpus.IsEmpty) parts.Add($"CPUs {_simulationCpus} reserved for the simulation");
        return parts.Count == 0 ? $"usable CPUs {_usableCpus}" : string.Join("; ", parts);
    }

    /// <summary>Leases are durable before anyone hears of them; a granted lease whose caller already left is given back.</summary>
    private async Task FlushLeasesAsync()
    {
        if (_leaseWrites.Count == 0) return;
        var writes = _leaseWrites.ToList();
        _leaseWrites.Clear();
        foreach (var (lease, reply) in writes)
        {
            try
            {
                if (_accessStore is not null) await _accessStore.SaveLeaseAsync(lease);
            }
            catch (OdopStoreException ex)
            {
                if (!lease.Ended && _leases.Remove(lease.Id)) _leasedCpus = LeasedNow();
                reply?.TrySetException(new RpcException(StatusCode.Unavailable, ex.Message));
                continue;
            }
            if (reply is not null && !reply.TrySetResult(lease) && !lease.Ended && _leases.ContainsKey(lease.Id))
                End(lease, "abandoned: the caller left before the lease was granted", null);
        }
        if (_leaseWrites.Count > 0) await FlushLeasesAsync();
    }

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Lease {LeaseId} of {Owner} on CPUs {Cpus}: {What}")]
    private static partial void LeaseLog(ILogger logger, string leaseId, string owner, string cpus, string what);
}
