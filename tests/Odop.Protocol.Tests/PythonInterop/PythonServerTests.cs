using System.Diagnostics;
using Odop.Protocol.Tests.Infrastructure;

namespace Odop.Protocol.Tests.PythonInterop;

/// <summary>Our client calls an official grpcio (Python) server: interop/server.py, once per transport.</summary>
[TestFixture("unix")]
[TestFixture("tcp")]
public sealed class PythonServerTests(string transport)
{
    private TempDirectory _directory = null!;
    private Process _server = null!;
    private GrpcChannel _channel = null!;

    [OneTimeSetUp]
    public async Task StartPythonServer()
    {
        _directory = new TempDirectory();
        var socket = _directory.File("py.sock");
        string[] arguments = transport == "unix" ? [Python.ScriptPath("server.py"), "--unix", socket] : [Python.ScriptPath("server.py"), "--tcp"];
        _server = Process.Start(Python.StartInfo(arguments, InteropSetUp.StubsPath))!;
        var stderr = _server.StandardError.ReadToEndAsync();

        var ready = await _server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (ready is null || !ready.StartsWith("READY ", StringComparison.Ordinal))
        {
            Assert.Fail($"server.py did not start: {ready}\n{await stderr.WaitAsync(TimeSpan.FromSeconds(10))}");
        }

        _channel = transport == "unix"
            ? GrpcChannel.ForAddress("unix://" + socket)
            : GrpcChannel.ForAddress("127.0.0.1:" + ready![6..]);
    }

    [OneTimeTearDown]
    public async Task StopPythonServer()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            // Closing stdin asks server.py to stop; a kill is the fallback.
            _server.StandardInput.Close();
            try
            {
                await _server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                _server.Kill(entireProcessTree: true);
            }

            _server.Dispose();
        }

        _directory?.Dispose();
    }

    [Test]
    public async Task Unary_Ok()
    {
        var reply = await _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "to-python"));

        Assert.That(reply.ExecutionId, Is.EqualTo("to-python"));
        Assert.That(reply.Created, Is.True);
    }

    [TestCase(StatusCode.InvalidArgument, "bad input: é ✓ 100%")]
    [TestCase(StatusCode.NotFound, "missing")]
    public async Task Unary_NonOkStatus_CarriesItsMessage(StatusCode status, string detail)
    {
        var ex = await Rpc.FailsAsync(() => _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("status", metadata: detail, priority: (int)status)));

        Assert.That(ex.Status, Is.EqualTo(status));
        Assert.That(ex.Detail, Is.EqualTo(detail));
    }

    [Test]
    public async Task Unary_HandlerException_IsUnknown()
    {
        // grpcio reports an exception escaping a handler as UNKNOWN.
        var ex = await Rpc.FailsAsync(() => _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("throw")));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.Unknown));
    }

    [Test]
    public async Task Deadline_IsDeadlineExceeded()
    {
        var ex = await Rpc.FailsAsync(() => _channel.UnaryAsync(
            QueueMethods.Enqueue, TestService.Request("wait"), CallOptions.WithTimeout(TimeSpan.FromMilliseconds(200))));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.DeadlineExceeded));
    }

    [Test]
    public async Task Deadline_IsSentAsGrpcTimeout()
    {
        var reply = await _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("deadline"), CallOptions.WithTimeout(TimeSpan.FromMinutes(5)));

        Assert.That(reply.ExecutionId, Is.EqualTo("set"));
    }

    [Test]
    public async Task Headers_ReachTheServer()
    {
        var reply = await _channel.UnaryAsync(
            QueueMethods.Enqueue,
            TestService.Request("header", metadata: "x-odop-rank"),
            new CallOptions(Headers: new Dictionary<string, string> { ["x-odop-rank"] = "3" }));

        Assert.That(reply.ExecutionId, Is.EqualTo("3"));
    }

    [Test]
    public async Task UnknownMethod_IsUnimplemented()
    {
        var nope = new Method<V1.EnqueueRequest, V1.EnqueueReply>(MethodType.Unary, "odop.v1.Queue", "Nope", V1.EnqueueRequest.Parser, V1.EnqueueReply.Parser);

        var ex = await Rpc.FailsAsync(() => _channel.UnaryAsync(nope, TestService.Request("echo")));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.Unimplemented));
    }

    [Test]
    public async Task Stream_DeliversEveryMessage()
    {
        var (messages, error) = await Rpc.DrainAsync(_channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(5)));

        Assert.That(error, Is.Null);
        Assert.That(messages.Select(m => m.Execution.ExecutionId), Is.EqualTo(new[] { "0", "1", "2", "3", "4" }));
    }

    [Test]
    public async Task Stream_ErrorAfterMessages_DeliversBoth()
    {
        var (messages, error) = await Rpc.DrainAsync(_channel.ServerStreamingAsync(ExecutionsMethods.Watch, TestService.Stream(3, "fail")));

        Assert.That(messages.Select(m => m.Execution.ExecutionId), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(error?.Status, Is.EqualTo(StatusCode.Aborted));
        Assert.That(error?.Detail, Is.EqualTo("failed after 3 messages"));
    }

    [Test]
    public async Task Stream_Deadline_IsDeadlineExceeded()
    {
        var (messages, error) = await Rpc.DrainAsync(_channel.ServerStreamingAsync(
            ExecutionsMethods.Watch, TestService.Stream(2, "wait"), CallOptions.WithTimeout(TimeSpan.FromMilliseconds(500))));

        Assert.That(error?.Status, Is.EqualTo(StatusCode.DeadlineExceeded));
    }

    [Test]
    public async Task Response_OverTheReceiveLimit_IsResourceExhausted()
    {
        using var channel = GrpcChannel.ForAddress(_channel.Target, new GrpcChannelOptions { MaxReceiveMessageSize = 100 });

        var ex = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("size", priority: 1000)));

        Assert.That(ex.Status, Is.EqualTo(StatusCode.ResourceExhausted));
    }

    [Test]
    public async Task ConcurrentCalls_AllSucceed()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => _channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", $"c{i}"))))
            .WaitAsync(Wait.Long);

        Assert.That(replies.Select(r => r.ExecutionId), Is.EqualTo(Enumerable.Range(0, 50).Select(i => $"c{i}")));
    }
}
