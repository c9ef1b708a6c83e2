using Odop.Core;
using Odop.Core.Hardware;

namespace Odop.Store.Tests.Contract;

/// <summary>What every access store keeps: users (hashes only), leases, first owners.</summary>
public abstract class AccessStoreContract
{
    protected abstract IAccessStore CreateStore();

    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task AUserName_IsTakenOnce_UntilRevoked_ThenMayBeGivenAgain()
    {
        using var store = CreateStore();
        var alice = new StoredUser("alice", ["query", "lease"], [1, 2, 3], T0);

        Assert.That(await store.AddUserAsync(alice), Is.True);
        Assert.That(await store.AddUserAsync(alice with { TokenHash = [9] }), Is.False, "an active name is not replaced");
        Assert.That(await store.RevokeUserAsync("alice", T0.AddHours(1)), Is.True);
        Assert.That(await store.RevokeUserAsync("alice", T0.AddHours(2)), Is.False, "already revoked");
        Assert.That((await store.UsersAsync()).Single().RevokedAt, Is.EqualTo(T0.AddHours(1)));
        Assert.That(await store.AddUserAsync(alice with { TokenHash = [7], CreatedAt = T0.AddHours(3) }), Is.True);

        var again = (await store.UsersAsync()).Single();
        Assert.That(again.Revoked, Is.False);
        Assert.That(again.TokenHash, Is.EqualTo(new byte[] { 7 }));
        Assert.That(again.Capabilities, Is.EqualTo(new[] { "query", "lease" }));
    }

    [Test]
    public async Task Leases_AreSavedByIdAndListedInOrder_EndedOnesOnlyWhenAsked()
    {
        using var store = CreateStore();
        var first = new StoredLease("a1", "alice", CpuSet.Parse("2-3"), T0, T0.AddMinutes(30));
        var second = new StoredLease("b2", "bob", CpuSet.Of(5), T0.AddMinutes(1), T0.AddMinutes(2));
        await store.SaveLeaseAsync(first);
        await store.SaveLeaseAsync(second);
        await store.SaveLeaseAsync(second with { EndedAt = T0.AddMinutes(2), EndReason = "expired" });

        var active = await store.LeasesAsync(includeEnded: false);
        var all = await store.LeasesAsync(includeEnded: true);

        Assert.That(active, Is.EqualTo(new[] { first }));
        Assert.That(all.Select(l => (l.Id, l.EndReason)), Is.EqualTo(new[] { ("a1", (string?)null), ("b2", "expired") }));
        Assert.That(all[0].Cpus, Is.EqualTo(CpuSet.Parse("2-3")));
    }

    [Test]
    public async Task AnExecutionKeepsItsFirstOwner()
    {
        using var store = CreateStore();
        var id = ExecutionId.New();
        await store.RecordOwnersAsync([(id, "alice")]);
        await store.RecordOwnersAsync([(id, "bob"), (ExecutionId.New(), "bob")]);

        var owners = await store.OwnersAsync();

        Assert.That(owners[id.Value], Is.EqualTo("alice"));
        Assert.That(owners.Values.Count(o => o == "bob"), Is.EqualTo(1));
    }
}
