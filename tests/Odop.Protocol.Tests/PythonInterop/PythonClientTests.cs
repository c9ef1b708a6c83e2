using System.Text.Json;
using Odop.Protocol.Tests.Infrastructure;

namespace Odop.Protocol.Tests.PythonInterop;

/// <summary>Official grpcio (Python) calls our server: interop/client.py runs once per transport, each test checks a part.</summary>
[TestFixture("unix")]
[TestFixture("tcp")]
public sealed class PythonClientTests(string transport)
{
    private readonly string _deadlineId = "py-deadline-" + Guid.NewGuid().ToString("N");
    private TestServer _server = null!;
    private JsonElement _results;

    [OneTimeSetUp]
    public async Task RunPythonClient()
    {
        _server = await TestServer.StartAsync();
        var target = transport == "unix" ? "unix://" + _server.UnixSocketPath : $"127.0.0.1:{_server.Server.TcpPort}";

        var run = await Python.RunAsync([Python.ScriptPath("client.py"), "--target", target, "--deadline-id", _deadlineId], InteropSetUp.StubsPath);

        Assert.That(run.ExitCode, Is.Zero, $"client.py failed:\n{run.StandardError}");
        _results = JsonDocument.Parse(run.StandardOutput).RootElement;
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public void Unary_Ok()
    {
        var result = Result("unary_ok");

        Assert.That(result.GetProperty("code").GetString(), Is.EqualTo("OK"));
        Assert.That(result.GetProperty("execution_id").GetString(), Is.EqualTo("py-1"));
        Assert.That(result.GetProperty("created").GetBoolean(), Is.True);
    }

    [Test]
    public void Unary_StatusWithNonAsciiMessage() =>
        AssertStatus(Result("unary_status"), "INVALID_ARGUMENT", "bad input: é ✓ 100%");

    [Test]
    public void Unary_HandlerException_IsInternal()
    {
        AssertStatus(Result("unary_internal"), "INTERNAL");
        Assert.That(Result("unary_internal").GetProperty("details").GetString(), Does.Not.Contain("secret"));
    }

    [Test]
    public async Task Deadline_IsDeadlineExceeded_AndTheHandlerSeesCancellation()
    {
        AssertStatus(Result("deadline"), "DEADLINE_EXCEEDED");
        await Wait.ForAsync(_server.Service.CancellationSeen(_deadlineId), "the handler to see the Python client's deadline");
    }

    [Test]
    public void Deadline_ReachesTheHandler() =>
        Assert.That(Result("deadline_sent").GetProperty("execution_id").GetString(), Is.EqualTo("set"));

    [Test]
    public void Metadata_ReachesTheHandler() =>
        Assert.That(Result("metadata").GetProperty("execution_id").GetString(), Is.EqualTo("Bearer py"));

    [Test]
    public void UnknownMethod_IsUnimplemented() => AssertStatus(Result("unimplemented"), "UNIMPLEMENTED");

    [Test]
    public void Stream_DeliversEveryMessage()
    {
        AssertStatus(Result("stream"), "OK");
        Assert.That(Ids("stream"), Is.EqualTo(new[] { "0", "1", "2", "3", "4" }));
    }

    [Test]
    public void Stream_ErrorAfterMessages_DeliversBoth()
    {
        AssertStatus(Result("stream_fail"), "ABORTED", "failed after 3 messages");
        Assert.That(Ids("stream_fail"), Is.EqualTo(new[] { "0", "1", "2" }));
    }

    [Test]
    public void Stream_WithNoMessages_EndsOk()
    {
        AssertStatus(Result("stream_empty"), "OK");
        Assert.That(Ids("stream_empty"), Is.Empty);
    }

    [Test]
    public void ConcurrentCalls_AllSucceed() =>
        Assert.That(_results.GetProperty("concurrent").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(Enumerable.Range(0, 20).Select(i => $"c{i}")));

    private JsonElement Result(string name) => _results.GetProperty(name);

    private string?[] Ids(string name) => Result(name).GetProperty("ids").EnumerateArray().Select(e => e.GetString()).ToArray();

    private static void AssertStatus(JsonElement result, string code, string? details = null)
    {
        Assert.That(result.GetProperty("code").GetString(), Is.EqualTo(code), result.ToString());
        if (details is not null)
        {
            Assert.That(result.GetProperty("details").GetString(), Is.EqualTo(details));
        }
    }
}
