using Odop.Protocol.Tests.Infrastructure;
using Odop.Protocol.V1;

namespace Odop.Protocol.Tests.Functional;

[TestFixture("unix")]
[TestFixture("tcp")]
public sealed class UnaryTests(string transport)
{
    private TestServer _server = null!;
    private GrpcChannel _channel = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync();
        _channel = _server.Channel(transport);
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    [SetUp]
    public void ClearLogs() => _server.Logs.Clear();

    [TearDown]
    public void NoUnexpectedServerErrors() =>
        Assert.That(_server.Errors(expectedEventIds: 1), Is.Empty, "the server logged errors");

    [Test]
    public async Task Unary_ReturnsTheHandlersReply()
    {
        var reply = await _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "abc-1"));

        Assert.That(reply.ExecutionId, Is.EqualTo("abc-1"));
        Assert.That(reply.Created, Is.True);
        Assert.That(reply.State, Is.EqualTo(ExecutionState.Queued));
    }

    [Test]
    public async Task Unary_ManyCallsInARow_ReuseTheChannel()
    {
        for (var i = 0; i < 50; i++)
        {
            var reply = await _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", $"id-{i}"));
            Assert.That(reply.ExecutionId, Is.EqualTo($"id-{i}"));
        }
    }

    [TestCase(StatusCode.InvalidArgument, "bad input")]
    [TestCase(StatusCode.NotFound, "no such execution: é ü 日本 ✓ 100% done\r\nnext line")]
    [TestCase(StatusCode.FailedPrecondition, "")]
    public async Task RpcExceptionFromHandler_ReachesTheClientWithStatusAndDetail(StatusCode status, string detail)
    {
        var ex = await Rpc.FailsAsync(() =>
            _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("status", metadata: detail, priority: (int)status)));

        Assert.That(ex.Status, Is.EqualTo(status));
        Assert.That(ex.Detail, Is.EqualTo(detail));
        Assert.That(ex.Message, Does.Contain(status.ToString()));
    }

    [Test]
    public async Task OtherExceptionFromHandler_IsInternalWithoutItsText_AndIsLogged()
    {
        var ex = await Rpc.FailsAsync(() => _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("throw")));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.Internal));
        Assert.That(ex.Detail, Does.Not.Contain("secret"));
        Assert.That(_server.Logs.Entries.Any(e => e.EventId.Id == 1 && e.Exception is InvalidOperationException), Is.True);
    }

    [Test]
    public async Task UnknownMethod_IsUnimplemented()
    {
        var missing = new Method<EnqueueRequest, EnqueueReply>(
            MethodType.Unary, "odop.v1.Queue", "NoSuchMethod", EnqueueRequest.Parser, EnqueueReply.Parser);

        var ex = await Rpc.FailsAsync(() => _channel.UnaryAsync(missing, TestService.Request("echo")));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.Unimplemented));
        Assert.That(ex.Detail, Does.Contain("NoSuchMethod"));
    }

    [Test]
    public async Task Deadline_Passes_CallFailsWithDeadlineExceeded_AndHandlerSeesCancellation()
    {
        var id = "deadline-" + Guid.NewGuid();

        var ex = await Rpc.FailsAsync(() => _channel.UnaryAsync(
            QueueMethods.Enqueue, TestService.Request("wait", id), CallOptions.WithTimeout(TimeSpan.FromMilliseconds(200))));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.DeadlineExceeded));
        await Wait.ForAsync(_server.Service.CancellationSeen(id), "the handler to see its deadline");
    }

    [Test]
    public async Task Deadline_AlreadyPast_FailsWithoutCallingTheServer()
    {
        var before = _server.Service.EnqueueCalls;

        var ex = await Rpc.FailsAsync(() => _channel.UnaryAsync(
            QueueMethods.Enqueue, TestService.Request("echo"), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1))));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(_server.Service.EnqueueCalls, Is.EqualTo(before));
    }

    [Test]
    public async Task Deadline_IsSentToTheServer()
    {
        var withDeadline = await _channel.UnaryAsync(
            QueueMethods.Enqueue, TestService.Request("deadline"), CallOptions.WithTimeout(TimeSpan.FromMinutes(5)));
        var without = await _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("deadline"));

        Assert.That(withDeadline.ExecutionId, Is.EqualTo("set"));
        Assert.That(without.ExecutionId, Is.EqualTo("none"));
    }

    [Test]
    public async Task ClientCancellation_FailsWithCancelled_AndHandlerSeesCancellation()
    {
        var id = "cancel-" + Guid.NewGuid();
        using var cts = new CancellationTokenSource();

        var call = _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("wait", id), new CallOptions(CancellationToken: cts.Token));
        await Task.Delay(100);
        cts.Cancel();

        var ex = await Rpc.FailsAsync(() => call);
        Assert.That(ex.Status, Is.EqualTo(StatusCode.Cancelled));
        await Wait.ForAsync(_server.Service.CancellationSeen(id), "the handler to see the cancellation");
    }

    [Test]
    public async Task TokenAlreadyCancelled_FailsWithCancelled()
    {
        var ex = await Rpc.FailsAsync(() => _channel.UnaryAsync(
            QueueMethods.Enqueue, TestService.Request("echo"), new CallOptions(CancellationToken: new CancellationToken(true))));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.Cancelled));
    }

    [Test]
    public async Task Headers_FromChannelAndCall_ReachTheHandler()
    {
        using var channel = _server.Channel(transport, new GrpcChannelOptions
        {
            DefaultHeaders = new Dictionary<string, string> { ["authorization"] = "Bearer token-1" },
        });
        var callHeaders = new Dictionary<string, string> { ["x-odop-rank"] = "7" };

        var auth = await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("header", metadata: "authorization"));
        var rank = await channel.UnaryAsync(
            QueueMethods.Enqueue, TestService.Request("header", metadata: "x-odop-rank"), new CallOptions(Headers: callHeaders));

        Assert.That(auth.ExecutionId, Is.EqualTo("Bearer token-1"));
        Assert.That(rank.ExecutionId, Is.EqualTo("7"));
    }

    [Test]
    public async Task ConcurrentCalls_OnOneChannel_AllSucceed()
    {
        var calls = Enumerable.Range(0, 200)
            .Select(i => _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", $"c-{i}")))
            .ToArray();

        var replies = await Task.WhenAll(calls).WaitAsync(Wait.Long);

        Assert.That(replies.Select(r => r.ExecutionId), Is.EqualTo(Enumerable.Range(0, 200).Select(i => $"c-{i}")));
    }

    [Test]
    public async Task ConcurrentCalls_WhileOneWaits_AreNotBlockedByIt()
    {
        var id = "blocking-" + Guid.NewGuid();
        using var cts = new CancellationTokenSource();
        var waiting = _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("wait", id), new CallOptions(CancellationToken: cts.Token));

        var reply = await _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "other"));

        Assert.That(reply.ExecutionId, Is.EqualTo("other"));
        Assert.That(waiting.IsCompleted, Is.False);
        cts.Cancel();
        await Rpc.FailsAsync(() => waiting);
    }

    [Test]
    public async Task PeerUid_IsKnownOnUnixSockets_AndNullOnTcp()
    {
        var reply = await _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("peer"));

        var expected = transport == "unix" ? global::Odop.Protocol.Internal.NativeMethods.EffectiveUserId().ToString(System.Globalization.CultureInfo.InvariantCulture) : "none";
        Assert.That(reply.ExecutionId, Is.EqualTo(expected));
    }
}
