using Odop.Protocol.Tests.Infrastructure;
using Odop.Protocol.V1;

namespace Odop.Protocol.Tests.Functional;

/// <summary>The test server accepts and sends messages up to 64 KiB.</summary>
[TestFixture("unix")]
[TestFixture("tcp")]
public sealed class MessageSizeTests(string transport)
{
    private const int ServerLimit = 64 * 1024;
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await TestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [TearDown]
    public void NoUnexpectedServerErrors() => Assert.That(_server.Errors(), Is.Empty, "the server logged errors");

    [Test]
    public async Task Request_OverTheServersLimit_IsResourceExhausted_AndTheHandlerNeverRuns()
    {
        using var channel = _server.Channel(transport);
        var before = _server.Service.EnqueueCalls;

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", metadata: new string('m', ServerLimit * 4))));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(_server.Service.EnqueueCalls, Is.EqualTo(before));
    }

    [Test]
    public async Task Request_JustUnderTheServersLimit_IsAccepted()
    {
        using var channel = _server.Channel(transport);

        var reply = await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "big", metadata: new string('m', ServerLimit - 100)));

        Assert.That(reply.ExecutionId, Is.EqualTo("big"));
    }

    [Test]
    public async Task Request_OverTheClientsSendLimit_IsResourceExhausted_WithoutBeingSent()
    {
        using var channel = _server.Channel(transport, new GrpcChannelOptions { MaxSendMessageSize = 1024 });
        var before = _server.Service.EnqueueCalls;

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", metadata: new string('m', 2048))));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.ResourceExhausted));
        Assert.That(_server.Service.EnqueueCalls, Is.EqualTo(before));
    }

    [Test]
    public async Task Response_OverTheClientsReceiveLimit_IsResourceExhausted()
    {
        using var channel = _server.Channel(transport, new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("size", priority: 4096)));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.ResourceExhausted));
    }

    [Test]
    public async Task Response_OverTheServersSendLimit_IsResourceExhausted()
    {
        using var channel = _server.Channel(transport, new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("size", priority: ServerLimit * 2)));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.ResourceExhausted));
    }

    [Test]
    public async Task LargeMessages_WithinLimits_CrossInBothDirections()
    {
        using var channel = _server.Channel(transport);

        var reply = await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("size", metadata: new string('m', 60_000), priority: 60_000));

        Assert.That(reply.ExecutionId, Has.Length.EqualTo(60_000));
    }

    [Test]
    public async Task Stream_MessageOverTheClientsReceiveLimit_EndsTheStreamWithResourceExhausted()
    {
        using var channel = _server.Channel(transport, new GrpcChannelOptions { MaxReceiveMessageSize = 4 });

        // Each event is 5 bytes.
        var (messages, error) = await Rpc.DrainAsync(channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(3)));

        Assert.That(messages, Is.Empty);
        Assert.That(error?.Status, Is.EqualTo(StatusCode.ResourceExhausted));
    }
}
