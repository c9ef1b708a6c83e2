using Odop.Protocol.Tests.Infrastructure;
using Odop.Protocol.V1;

namespace Odop.Protocol.Tests.Functional;

[TestFixture("unix")]
[TestFixture("tcp")]
public sealed class ServerStreamingTests(string transport)
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

    [TearDown]
    public void NoUnexpectedServerErrors() => Assert.That(_server.Errors(), Is.Empty, "the server logged errors");

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(500)]
    public async Task Stream_YieldsEveryMessageInOrder_ThenEnds(int count)
    {
        var (messages, error) = await Rpc.DrainAsync(_channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(count)));

        Assert.That(error, Is.Null);
        Assert.That(messages.Select(m => m.Execution.ExecutionId), Is.EqualTo(Enumerable.Range(0, count).Select(i => i.ToString())));
    }

    [Test]
    public async Task Stream_EndingWithAnError_DeliversTheMessagesThenTheStatus()
    {
        var (messages, error) = await Rpc.DrainAsync(_channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(3, "fail")));

        Assert.That(messages, Has.Count.EqualTo(3));
        Assert.That(error?.Status, Is.EqualTo(StatusCode.Aborted));
        Assert.That(error?.Detail, Is.EqualTo("failed after 3 messages"));
    }

    [Test]
    public async Task Stream_FailingBeforeAnyMessage_ReportsTheStatus()
    {
        var (messages, error) = await Rpc.DrainAsync(_channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(0, "fail")));

        Assert.That(messages, Is.Empty);
        Assert.That(error?.Status, Is.EqualTo(StatusCode.Aborted));
    }

    [Test]
    public async Task Stream_YieldsMessagesAsTheyArrive_BeforeTheCallEnds()
    {
        await using var enumerator = _channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(2, "wait")).GetAsyncEnumerator();

        Assert.That(await enumerator.MoveNextAsync(), Is.True);
        Assert.That(await enumerator.MoveNextAsync(), Is.True);
        Assert.That(enumerator.Current.Execution.ExecutionId, Is.EqualTo("1"));
    }

    [Test]
    public async Task DisposingTheEnumeratorEarly_CancelsTheCallOnTheServer()
    {
        var stream = _channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(1, "wait"));
        await foreach (var _ in stream)
        {
            break;
        }

        await Wait.ForAsync(_server.Service.CancellationSeen("watch"), "the stream handler to see the cancellation");
    }

    [Test]
    public async Task Stream_Deadline_EndsWithDeadlineExceeded()
    {
        var (messages, error) = await Rpc.DrainAsync(_channel.ServerStreamingAsync(
            ExecutionsMethods.Watch, TestService.Stream(2, "wait"), CallOptions.WithTimeout(TimeSpan.FromMilliseconds(300))));

        Assert.That(error?.Status, Is.EqualTo(StatusCode.DeadlineExceeded));
    }

    [Test]
    public async Task Stream_CancelledThroughWithCancellation_EndsWithCancelled()
    {
        using var cts = new CancellationTokenSource();
        var received = 0;

        var error = await Rpc.FailsAsync(async () =>
        {
            await foreach (var _ in _channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(1, "wait")).WithCancellation(cts.Token))
            {
                received++;
                cts.Cancel();
            }
        });

        Assert.That(received, Is.EqualTo(1));
        Assert.That(error.Status, Is.EqualTo(StatusCode.Cancelled));
    }

    [Test]
    public async Task Stream_IsColdAndRepeatable_EachEnumerationIsANewCall()
    {
        var stream = _channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(2));

        var first = await Rpc.DrainAsync(stream);
        var second = await Rpc.DrainAsync(stream);

        Assert.That(first.Messages, Has.Count.EqualTo(2));
        Assert.That(second.Messages, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task UnaryAndStreamingCalls_ShareOneChannelConcurrently()
    {
        var streams = Enumerable.Range(0, 10).Select(_ => Rpc.DrainAsync(_channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(50))));
        var unaries = Enumerable.Range(0, 50).Select(i => _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", $"u{i}")));

        var streamResults = await Task.WhenAll(streams).WaitAsync(Wait.Long);
        var unaryResults = await Task.WhenAll(unaries).WaitAsync(Wait.Long);

        Assert.That(streamResults.All(r => r.Error is null && r.Messages.Count == 50), Is.True);
        Assert.That(unaryResults.Select(r => r.ExecutionId), Is.EqualTo(Enumerable.Range(0, 50).Select(i => $"u{i}")));
    }
}
