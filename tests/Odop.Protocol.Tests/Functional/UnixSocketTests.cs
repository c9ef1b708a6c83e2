using Odop.Protocol.Tests.Infrastructure;

namespace Odop.Protocol.Tests.Functional;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnixSocketTests
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0700 = Mode0600 | UnixFileMode.UserExecute;
    private TempDirectory _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [TearDown]
    public void RemoveDirectory() => _directory.Dispose();

    [Test]
    public async Task SocketFile_IsOnlyAccessibleToItsOwner()
    {
        await using var server = await StartAsync(_directory.File("agent.sock"));

        Assert.That(File.GetUnixFileMode(server.UnixSocketPath!), Is.EqualTo(Mode0600));
    }

    [Test]
    public async Task MissingDirectory_IsCreatedPrivate()
    {
        var path = Path.Combine(_directory.Path, "run", "agent.sock");

        await using var server = await StartAsync(path);

        Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(path)!), Is.EqualTo(Mode0700));
    }

    [Test]
    public async Task StaleSocketFile_IsReplaced()
    {
        var path = _directory.File("agent.sock");
        StaleSocket.Leave(path);

        await using var server = await StartAsync(path);
        using var channel = GrpcChannel.ForUnixSocket(path);

        var reply = await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "after-stale"));
        Assert.That(reply.ExecutionId, Is.EqualTo("after-stale"));
    }

    [Test]
    public async Task SecondServerOnALiveSocket_FailsWithAnIOExceptionNamingThePath()
    {
        var path = _directory.File("agent.sock");
        await using var first = await StartAsync(path);
        await using var second = new TestService().Register(new GrpcServer(new GrpcServerOptions { UnixSocketPath = path }));

        var ex = await Assert.ThrowsAsync<IOException>(() => second.StartAsync());

        Assert.That(ex!.Message, Does.Contain(path));
        using var channel = GrpcChannel.ForUnixSocket(path);
        Assert.That((await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "still-first"))).ExecutionId, Is.EqualTo("still-first"));
    }

    [Test]
    public async Task Stop_RemovesTheSocketFile()
    {
        var path = _directory.File("agent.sock");
        var server = await StartAsync(path);

        await server.StopAsync();

        Assert.That(File.Exists(path), Is.False);
    }

    [TestCase("unix:{0}")]
    [TestCase("unix://{0}")]
    [TestCase("{0}")]
    public async Task ForAddress_AcceptsTheUnixForms(string format)
    {
        var path = _directory.File("agent.sock");
        await using var server = await StartAsync(path);
        using var channel = GrpcChannel.ForAddress(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, path));

        var reply = await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "form"));

        Assert.That(reply.ExecutionId, Is.EqualTo("form"));
        Assert.That(channel.Target, Is.EqualTo("unix:" + path));
    }

    private static async Task<GrpcServer> StartAsync(string path)
    {
        var server = new TestService().Register(new GrpcServer(new GrpcServerOptions { UnixSocketPath = path }));
        await server.StartAsync();
        return server;
    }
}
