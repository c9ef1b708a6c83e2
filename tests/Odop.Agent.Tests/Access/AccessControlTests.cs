using static Odop.Agent.Tests.Support.Refusals;
using Odop.Agent.Tests.Support;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.Access;

/// <summary>Who may do what, checked on a real agent over its real Unix socket and TCP port.</summary>
public class AccessControlTests
{
    private static Task<AccessNode> StartAsync(bool durable = false) =>
        AccessNode.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), durable);


    [Test]
    public async Task ATokenWithoutExec_CannotStopAnotherUsersExecution_NorCanAnotherUsersExecToken()
    {
        await using var node = await StartAsync();
        using var alice = node.ClientWith(await node.CreateUserAsync("alice", "enqueue", "exec", "query"));
        using var bob = node.ClientWith(await node.CreateUserAsync("bob", "query"));
        using var carol = node.ClientWith(await node.CreateUserAsync("carol", "exec", "query"));
        var id = (await alice.EnqueueAsync("sleep")).ExecutionId;
        await node.WaitForAsync(alice, id, e => e.State == ExecutionState.Running, "running");

        var noExec = await FailsAsync(() => bob.StopAsync(id));
        var notOwner = await FailsAsync(() => carol.StopAsync(id));

        Assert.That(noExec.Status, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(noExec.Detail, Does.Contain("'exec'"), "the refusal names the missing capability");
        Assert.That(notOwner.Status, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(notOwner.Detail, Does.Contain("'admin'").And.Contain("alice"));
        Assert.That((await alice.GetAsync(id)).State, Is.EqualTo(ExecutionState.Running), "still running after both refusals");
        Assert.That((await alice.StopAsync(id)).State, Is.EqualTo(ExecutionState.Stopped), "its owner may stop it");
    }

    [Test]
    public async Task AnUnknownToken_IsUnauthenticated_OnTheSocketAndOverTcp()
    {
        await using var node = await StartAsync();
        using var stranger = node.ClientWith("odop_not-a-token");
        using var tcp = node.Channel("odop_not-a-token", tcp: true);

        var onSocket = await FailsAsync(() => stranger.ListAsync());
        var overTcp = await FailsAsync(() => tcp.UnaryAsync(ExecutionsMethods.List, new ListExecutionsRequest()));

        Assert.That(onSocket.Status, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(overTcp.Status, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(onSocket.Detail, Does.Contain("unknown or revoked token"));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TheSocketFiles_AreMode0600()
    {
        await using var node = await StartAsync();

        Assert.That(File.GetUnixFileMode(node.SocketPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.GetUnixFileMode(node.Engine.SocketPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    [Test]
    public async Task Tcp_WithoutAToken_IsRefused_AndWithOneIsServed()
    {
        await using var node = await StartAsync();
        var token = await node.CreateUserAsync("alice", "query");
        using var anonymous = node.Channel(tcp: true);
        using var alice = node.Channel(token, tcp: true);

        var refused = await FailsAsync(() => anonymous.UnaryAsync(ExecutionsMethods.List, new ListExecutionsRequest()));
        var served = await alice.UnaryAsync(ExecutionsMethods.List, new ListExecutionsRequest());

        Assert.That(refused.Status, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(refused.Detail, Does.Contain("token is required over TCP"));
        Assert.That(served.Executions, Is.Empty);
    }

    [Test]
    public async Task ARevokedToken_StopsWorkingAtOnce()
    {
        await using var node = await StartAsync();
        using var alice = node.ClientWith(await node.CreateUserAsync("alice", "query"));
        Assert.That(await alice.ListAsync(), Is.Empty, "the token works before the revoke");

        using (var admin = node.Channel())
            await admin.UnaryAsync(UsersMethods.Revoke, new RevokeUserRequest { Name = "alice" });
        var refused = await FailsAsync(() => alice.ListAsync());

        Assert.That(refused.Status, Is.EqualTo(StatusCode.Unauthenticated), "the very next call, on the same connection, is refused");
    }

    [Test]
    public async Task TheSocketOwner_IsAdminWithoutAToken_AndOthersCannotManageUsers()
    {
        await using var node = await StartAsync();
        using var alice = node.Channel(await node.CreateUserAsync("alice", "query", "lease"));

        var users = await node.Owner.ListAsync(); // no token at all
        using var admin = node.Channel();
        var listed = await admin.UnaryAsync(UsersMethods.List, new ListUsersRequest());
        var refused = await FailsAsync(() => alice.UnaryAsync(UsersMethods.Create, new CreateUserRequest { Name = "mallory", Capabilities = { "admin" } }));

        Assert.That(users, Is.Empty);
        Assert.That(listed.Users.Select(u => u.Name), Is.EqualTo(new[] { "admin", "alice" }), "the first start created 'admin'");
        Assert.That(node.Agent.InitialAdminToken, Does.StartWith("odop_"));
        Assert.That(refused.Status, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That(refused.Detail, Does.Contain("'admin'"));
    }

    [Test]
    public async Task AnUnknownCapability_IsInvalidArgument_NamingIt()
    {
        await using var node = await StartAsync();
        using var admin = node.Channel();

        var refused = await FailsAsync(() => admin.UnaryAsync(UsersMethods.Create, new CreateUserRequest { Name = "alice", Capabilities = { "query", "frob" } }));

        Assert.That(refused.Status, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(refused.Detail, Does.Contain("unknown capability 'frob'").And.Contain("enqueue, exec, query, lease, admin"));
    }

    [Test]
    public async Task NonAdmins_SeeOnlyTheirOwnExecutions_WithTheOwnerRecorded()
    {
        await using var node = await StartAsync();
        using var alice = node.ClientWith(await node.CreateUserAsync("alice", "enqueue", "query"));
        using var bob = node.ClientWith(await node.CreateUserAsync("bob", "enqueue", "query"));
        var aliceId = (await alice.EnqueueAsync("sleep")).ExecutionId;
        var bobId = (await bob.EnqueueAsync("sleep")).ExecutionId;

        var alicesView = await alice.ListAsync();
        var adminsView = await node.Owner.ListAsync();
        var peek = await FailsAsync(() => alice.GetAsync(bobId));

        Assert.That(alicesView.Select(e => e.ExecutionId), Is.EqualTo(new[] { aliceId }));
        Assert.That(adminsView.ToDictionary(e => e.ExecutionId, e => e.Owner), Is.EqualTo(new Dictionary<string, string> { [aliceId] = "alice", [bobId] = "bob" }));
        Assert.That(peek.Status, Is.EqualTo(StatusCode.PermissionDenied));
        foreach (var id in new[] { aliceId, bobId }) await node.Owner.StopAsync(id);
    }

    [Test]
    public async Task UsersAndOwners_SurviveARestart_AndTheAdminTokenIsCreatedOnlyOnce()
    {
        await using var node = await StartAsync(durable: true);
        var token = await node.CreateUserAsync("alice", "enqueue", "query");
        string id;
        using (var alice = node.ClientWith(token)) id = (await alice.EnqueueAsync("sleep")).ExecutionId;

        await node.RestartAsync();

        using var again = node.ClientWith(token);
        Assert.That((await again.GetAsync(id)).Owner, Is.EqualTo("alice"));
        Assert.That(node.Agent.InitialAdminToken, Is.Null, "users exist: no new admin token");
        await node.Owner.StopAsync(id);
    }
}
