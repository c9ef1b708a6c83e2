using static Odop.Agent.Tests.Support.Refusals;
using Odop.Agent.Tests.Support;
using Odop.Core.Hardware;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.Leases;

/// <summary>
/// Core leases on a real agent. The static policy places on every usable core no lease or other task holds, whatever its
/// load, so where things land depends only on the leases; it has no reclaim, so side tasks on newly leased cores are
/// stopped and queued again.
/// </summary>
public class LeaseTests
{
    private static readonly CpuSet Usable = Odop.Node.Affinity.OfCurrentProcess();

    private static Task<AccessNode> StartAsync(bool durable = false) =>
        AccessNode.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), durable);

    private static AcquireLeaseRequest Ask(int cores, bool wait = false, double seconds = 600) => new() { Cores = cores, Wait = wait, DurationSeconds = seconds };

    [Test]
    public async Task ALeaseWithWait_BlocksUntilCoresFreeUp_AndTheSchedulerNeverPlacesOnLeasedCores()
    {
        if (Usable.Count < 2) Assert.Ignore("needs two usable cores");
        await using var node = await StartAsync();
        var token = await node.CreateUserAsync("alice", "lease", "enqueue", "exec", "query");
        using var alice = node.Channel(token);
        using var aliceClient = node.ClientWith(token);
        using var watching = new CancellationTokenSource();
        var starts = new List<(long At, CpuSet Cpus)>();
        var watch = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in node.Owner.WatchAsync(includeCurrent: false, cancellationToken: watching.Token))
                    if (e.Transition?.To == ExecutionState.Starting)
                        lock (starts) starts.Add((e.Transition.AtUnixMs, CpuSet.Of(e.Execution.Placement.Cpus)));
            }
            catch (Exception ex) when (ex is OperationCanceledException or RpcException) { }
        });

        var first = await alice.UnaryAsync(LeasesMethods.Acquire, Ask(Usable.Count - 1));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await aliceClient.EnqueueAsync("sleep")).ExecutionId);
        var running = await node.WaitForAsync(aliceClient, ids[0], e => e.State == ExecutionState.Running, "running");
        Assert.That(CpuSet.Of(running.Placement.Cpus).Overlaps(CpuSet.Of(first.Cpus)), Is.False, "placed beside the lease, not on it");

        // Every core: one is leased, the other runs a side task (reclaimable); the leased one makes it wait.
        var waiting = alice.UnaryAsync(LeasesMethods.Acquire, Ask(Usable.Count, wait: true), new CallOptions());
        var forced = await FailsAsync(() => aliceClient.StartAsync(ids[1])); // a full scheduling round, with leases maintained first
        await Task.Delay(300); // and a few sampling rounds more
        Assert.That(waiting.IsCompleted, Is.False, "still waiting while the first lease holds its core");
        Assert.That(forced.Status, Is.EqualTo(StatusCode.FailedPrecondition), "no free core for a forced start either");

        await alice.UnaryAsync(LeasesMethods.Release, new LeaseRef { LeaseId = first.LeaseId });
        var second = await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(CpuSet.Of(second.Cpus), Is.EqualTo(Usable));

        // The side task on a now-leased core is stopped and queued again; nothing runs while every core is leased.
        await node.WaitForAsync(aliceClient, ids[0], e => e.State == ExecutionState.Queued, "queued again");
        Assert.That((await aliceClient.ListAsync([ExecutionState.Starting, ExecutionState.Running])), Is.Empty);

        await alice.UnaryAsync(LeasesMethods.Release, new LeaseRef { LeaseId = second.LeaseId });
        await node.WaitForAsync(aliceClient, ids[0], e => e.State == ExecutionState.Running, "running again once the lease ended");
        var leases = (await alice.UnaryAsync(LeasesMethods.List, new ListLeasesRequest { IncludeEnded = true })).Leases;
        await watching.CancelAsync();
        await watch;
        foreach (var id in ids) await node.Owner.StopAsync(id);

        lock (starts)
        {
            Assert.That(starts, Is.Not.Empty);
            foreach (var (at, cpus) in starts)
                foreach (var lease in leases.Where(l => l.AcquiredAtUnixMs < at && at < l.EndedAtUnixMs))
                    Assert.That(cpus.Overlaps(CpuSet.Of(lease.Cpus)), Is.False, $"a start at {at} on CPUs {cpus} overlaps lease {lease.LeaseId} (CPUs {CpuSet.Of(lease.Cpus)})");
        }
    }

    [Test]
    public async Task AnExpiredLease_FreesItsCores_OnItsOwn()
    {
        await using var node = await StartAsync();
        using var alice = node.Channel(await node.CreateUserAsync("alice", "lease"));
        var lease = await alice.UnaryAsync(LeasesMethods.Acquire, Ask(Usable.Count, seconds: 1));
        Assert.That(lease.ExpiresAtUnixMs - lease.AcquiredAtUnixMs, Is.EqualTo(1000));

        // Every core is leased, so this succeeds only once the first lease has expired.
        var next = await alice.UnaryAsync(LeasesMethods.Acquire, Ask(Usable.Count, wait: true), new CallOptions()).WaitAsync(TimeSpan.FromSeconds(60));

        var ended = (await alice.UnaryAsync(LeasesMethods.List, new ListLeasesRequest { IncludeEnded = true })).Leases.Single(l => l.LeaseId == lease.LeaseId);
        Assert.That(ended.EndReason, Is.EqualTo("expired"));
        Assert.That(ended.EndedAtUnixMs, Is.GreaterThanOrEqualTo(lease.ExpiresAtUnixMs));
        Assert.That(CpuSet.Of(next.Cpus), Is.EqualTo(Usable));
    }

    [Test]
    public async Task ALeaseOfMoreCoresThanTheNodeOffers_IsInvalidArgument_NamingTheCores()
    {
        await using var node = await StartAsync();
        using var alice = node.Channel(await node.CreateUserAsync("alice", "lease"));

        var refused = await FailsAsync(() => alice.UnaryAsync(LeasesMethods.Acquire, Ask(Usable.Count + 1, wait: true)));

        Assert.That(refused.Status, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(refused.Detail, Does.Contain($"{Usable.Count + 1} asked").And.Contain($"offers {Usable.Count} core(s)").And.Contain(Usable.ToString()));
    }

    [Test]
    public async Task WithoutWait_ALeaseThatCannotBeMetNow_IsResourceExhausted_SayingWhoHoldsTheCores()
    {
        await using var node = await StartAsync();
        using var alice = node.Channel(await node.CreateUserAsync("alice", "lease"));
        using var bob = node.Channel(await node.CreateUserAsync("bob", "lease"));
        var held = await alice.UnaryAsync(LeasesMethods.Acquire, Ask(Usable.Count));

        var refused = await FailsAsync(() => bob.UnaryAsync(LeasesMethods.Acquire, Ask(1)));
        var notHis = await FailsAsync(() => bob.UnaryAsync(LeasesMethods.Release, new LeaseRef { LeaseId = held.LeaseId }));
        var bobsView = await bob.UnaryAsync(LeasesMethods.List, new ListLeasesRequest());

        Assert.That(refused.Status, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(refused.Detail, Does.Contain("leased by alice").And.Contain("--wait"));
        Assert.That(notHis.Status, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(bobsView.Leases, Is.Empty, "bob sees only his own leases");
    }

    [Test]
    public async Task OdopInfo_ListsTheActiveLeases_WithOwnerAndCpus()
    {
        await using var node = await StartAsync();
        using var alice = node.Channel(await node.CreateUserAsync("alice", "lease,query"));
        var held = await alice.UnaryAsync(LeasesMethods.Acquire, Ask(1));

        var info = await alice.UnaryAsync(AgentMethods.Info, new InfoRequest());

        var lease = info.Leases.Single();
        Assert.That((lease.LeaseId, lease.Owner, lease.Cpus.ToArray()), Is.EqualTo((held.LeaseId, "alice", held.Cpus.ToArray())));
        await alice.UnaryAsync(LeasesMethods.Release, new LeaseRef { LeaseId = held.LeaseId });
        Assert.That((await alice.UnaryAsync(AgentMethods.Info, new InfoRequest())).Leases, Is.Empty);
    }

    [Test]
    public async Task Leases_AreDurable_AcrossARestart()
    {
        await using var node = await StartAsync(durable: true);
        var token = await node.CreateUserAsync("alice", "lease");
        Lease lease;
        using (var alice = node.Channel(token)) lease = await alice.UnaryAsync(LeasesMethods.Acquire, Ask(1));

        await node.RestartAsync();

        using var again = node.Channel(token);
        var listed = (await again.UnaryAsync(LeasesMethods.List, new ListLeasesRequest())).Leases;
        var refused = await FailsAsync(() => again.UnaryAsync(LeasesMethods.Acquire, Ask(Usable.Count)));
        Assert.That(listed.Select(l => l.LeaseId), Is.EqualTo(new[] { lease.LeaseId }));
        Assert.That(refused.Status, Is.EqualTo(StatusCode.ResourceExhausted), "the restored lease still holds its core");
    }

}
