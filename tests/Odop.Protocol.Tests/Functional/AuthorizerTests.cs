using Odop.Protocol.Tests.Infrastructure;
using Odop.Protocol.V1;

namespace Odop.Protocol.Tests.Functional;

[TestFixture("unix")]
[TestFixture("tcp")]
public sealed class AuthorizerTests(string transport)
{
    private readonly List<(string Method, string Authorization, int? PeerUid)> _seen = [];
    private TestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync((service, options) =>
        {
            options.Authorizer = context =>
            {
                var authorization = context.RequestHeaders.Authorization.ToString();
                lock (_seen) _seen.Add((context.Method, authorization, context.PeerUid));
                if (authorization != "Bearer good")
                    throw new RpcException(StatusCode.Unauthenticated, "no good token");
                context.UserState["who"] = "good";
                return ValueTask.CompletedTask;
            };
            return service.Register(new GrpcServer(options));
        });
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Authorizer_SeesMethodHeadersAndPeer_AndLetsTheCallThrough()
    {
        using var channel = _server.Channel(transport, new GrpcChannelOptions { DefaultHeaders = new Dictionary<string, string> { ["authorization"] = "Bearer good" } });

        var reply = await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "let-in"));

        Assert.That(reply.ExecutionId, Is.EqualTo("let-in"));
        lock (_seen)
        {
            var last = _seen[^1];
            Assert.That(last.Method, Is.EqualTo(QueueMethods.Enqueue.FullName));
            Assert.That(last.Authorization, Is.EqualTo("Bearer good"));
            Assert.That(last.PeerUid.HasValue, Is.EqualTo(transport == "unix"), "the peer's uid is known on Unix sockets only");
        }
    }

    [Test]
    public async Task AuthorizersRefusal_IsTheCallsStatus_AndTheHandlerNeverRuns()
    {
        using var channel = _server.Channel(transport);
        var before = Volatile.Read(ref _server.Service.EnqueueCalls);

        var error = await Rpc.FailsAsync(() => channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo", "kept-out")));

        Assert.That(error.Status, Is.EqualTo(StatusCode.Unauthenticated));
        Assert.That(error.Detail, Is.EqualTo("no good token"));
        Assert.That(Volatile.Read(ref _server.Service.EnqueueCalls), Is.EqualTo(before), "the handler was not called");
    }

    [Test]
    public async Task AuthorizerRefusal_EndsAServerStreamBeforeItsFirstMessage()
    {
        using var channel = _server.Channel(transport);

        var (messages, error) = await Rpc.DrainAsync(channel.ServerStreamingAsync(ExecutionsMethods.Watch, new WatchRequest()));

        Assert.That(messages, Is.Empty);
        Assert.That(error?.Status, Is.EqualTo(StatusCode.Unauthenticated));
    }
}
