using System.Net;
using Odop.Protocol.Tests.Infrastructure;
using Odop.Protocol.V1;

namespace Odop.Protocol.Tests.Functional;

public sealed class ServerLifecycleTests
{
    [Test]
    public async Task Stop_EndsOpenStreamsWithUnavailable_AndTheirHandlersSeeCancellation()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.Channel("unix");
        await using var stream = channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(1, "wait")).GetAsyncEnumerator();
        Assert.That(await stream.MoveNextAsync(), Is.True);

        var stopping = server.Server.StopAsync();

        var ex = await Rpc.FailsAsync(async () => await stream.MoveNextAsync());
        Assert.That(ex.Status, Is.EqualTo(StatusCode.Unavailable));
        await Wait.ForAsync(server.Service.CancellationSeen("watch"), "the stream handler to see the shutdown");
        await Wait.ForAsync(stopping, "the server to stop");
    }

    [Test]
    public async Task Stop_LetsUnaryCallsInFlightFinish()
    {
        await using var server = await TestServer.StartAsync();
        using var channel = server.Channel("tcp");
        var call = channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("stubborn", "in-flight"));
        await WaitUntilAsync(() => server.Service.EnqueueCalls == 1);

        var stopping = server.Server.StopAsync();
        server.Service.StubbornRelease.SetResult();

        Assert.That((await call.WaitAsync(Wait.Long)).ExecutionId, Is.EqualTo("in-flight"));
        await Wait.ForAsync(stopping, "the server to stop");
    }

    [Test]
    public async Task Stop_IsBounded_EvenWhenAHandlerNeverReturns()
    {
        var handlerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = new GrpcServer(new GrpcServerOptions
        {
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ShutdownTimeout = TimeSpan.FromMilliseconds(500),
        }).AddUnary(QueueMethods.Enqueue, async (request, context) =>
        {
            handlerStarted.SetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
            return new EnqueueReply();
        });
        await server.StartAsync();
        using var channel = GrpcChannel.ForAddress($"127.0.0.1:{server.TcpPort}");
        var call = channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo"));
        await Wait.ForAsync(handlerStarted.Task, "the handler to start");

        await Wait.ForAsync(server.StopAsync(), "the server to stop");

        var ex = await Rpc.FailsAsync(() => call.WaitAsync(Wait.Long));
        Assert.That(ex.Status, Is.EqualTo(StatusCode.Unavailable).Or.EqualTo(StatusCode.Internal).Or.EqualTo(StatusCode.Cancelled));
    }

    [Test]
    public async Task IncludeExceptionDetails_SendsTheExceptionText()
    {
        await using var server = await TestServer.StartAsync((service, options) =>
        {
            options.IncludeExceptionDetails = true;
            return service.Register(new GrpcServer(options));
        });
        using var channel = server.Channel("unix");

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("throw")));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.Internal));
        Assert.That(ex.Detail, Does.Contain("secret detail"));
    }

    [Test]
    [Repeat(25)] // the call can race the closing connection (GOAWAY NO_ERROR); repeats make that case likely
    public async Task AfterStop_CallsAreUnavailable()
    {
        var server = await TestServer.StartAsync();
        using var channel = server.Channel("tcp");
        await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo"));

        await server.DisposeAsync();

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo")));
        Assert.That(ex.Status, Is.EqualTo(StatusCode.Unavailable), $"{ex.Detail}\n{ex.InnerException}");
    }

    [Test]
    public async Task StopAndDispose_CanBeRepeated()
    {
        var server = await TestServer.StartAsync();

        await server.Server.StopAsync();
        await server.Server.StopAsync();
        await server.DisposeAsync();
    }

    [Test]
    public async Task TcpPortZero_ReportsTheBoundPort()
    {
        await using var server = new GrpcServer(new GrpcServerOptions { TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0) });

        Assert.That(server.TcpPort, Is.Null);
        await server.StartAsync();

        Assert.That(server.TcpPort, Is.GreaterThan(0));
        Assert.That(server.UnixSocketPath, Is.Null);
    }

    [Test]
    public async Task Methods_CannotBeAddedAfterStart_NorTwice()
    {
        await using var server = new GrpcServer(new GrpcServerOptions { TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0) });
        server.AddUnary(QueueMethods.Enqueue, (r, c) => Task.FromResult(new EnqueueReply()));

        Assert.Throws<ArgumentException>(() => server.AddUnary(QueueMethods.Enqueue, (r, c) => Task.FromResult(new EnqueueReply())));
        await server.StartAsync();
        Assert.Throws<InvalidOperationException>(() => server.AddUnary(QueueMethods.EnqueueBatch, (r, c) => Task.FromResult(new EnqueueBatchReply())));
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.StartAsync());
    }

    [Test]
    public void MethodOfTheWrongShape_IsRejected()
    {
        var server = new GrpcServer(new GrpcServerOptions { TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0) });

        Assert.Throws<ArgumentException>(() => server.AddUnary(ExecutionsMethods.Watch, (r, c) => Task.FromResult(new ExecutionEvent())));
        Assert.Throws<ArgumentException>(() => server.AddServerStreaming(QueueMethods.Enqueue, (r, s, c) => Task.CompletedTask));
    }

    [Test]
    public void Options_WithoutAnyEndpoint_AreRejected() =>
        Assert.Throws<ArgumentException>(() => new GrpcServer(new GrpcServerOptions()));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var giveUp = DateTime.UtcNow + Wait.Long;
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(giveUp), "condition never became true");
            await Task.Delay(10);
        }
    }
}
