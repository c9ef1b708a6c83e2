using System.Net;
using System.Net.Sockets;
using Odop.Protocol.Tests.Infrastructure;

namespace Odop.Protocol.Tests.Functional;

/// <summary>Nothing listens: calls fail fast with UNAVAILABLE and say where they tried.</summary>
public sealed class UnavailableTests
{
    [Test]
    public async Task MissingSocketFile_IsUnavailable_NamingTheTarget()
    {
        using var directory = new TempDirectory();
        var path = directory.File("nobody.sock");
        using var channel = GrpcChannel.ForUnixSocket(path);

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo")));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(ex.Detail, Does.Contain(path));
    }

    [Test]
    public async Task StaleSocketFile_IsUnavailable()
    {
        using var directory = new TempDirectory();
        var path = directory.File("stale.sock");
        StaleSocket.Leave(path);
        using var channel = GrpcChannel.ForUnixSocket(path);

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo")));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.Unavailable));
    }

    [Test]
    public async Task ClosedTcpPort_IsUnavailable_NamingTheTarget()
    {
        var address = $"127.0.0.1:{FreePort()}";
        using var channel = GrpcChannel.ForAddress(address);

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo")));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(ex.Detail, Does.Contain(address));
    }

    [Test]
    public async Task Stream_ToNobody_IsUnavailableOnFirstMove()
    {
        using var directory = new TempDirectory();
        using var channel = GrpcChannel.ForUnixSocket(directory.File("nobody.sock"));

        var (_, error) = await Rpc.DrainAsync(channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(1)));

        Assert.That(error?.Status, Is.EqualTo(StatusCode.Unavailable));
    }

    [Test]
    public async Task Channel_RecoversOnceTheServerComesUp()
    {
        using var directory = new TempDirectory();
        var path = directory.File("later.sock");
        using var channel = GrpcChannel.ForUnixSocket(path);
        await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo")));

        await using var server = new TestService().Register(new GrpcServer(new GrpcServerOptions { UnixSocketPath = path }));
        await server.StartAsync();

        Assert.That((await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "up"))).ExecutionId, Is.EqualTo("up"));
    }

    private static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
