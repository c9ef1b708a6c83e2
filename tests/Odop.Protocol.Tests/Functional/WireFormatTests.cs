using Odop.Protocol.Tests.Infrastructure;
using Odop.Protocol.V1;

namespace Odop.Protocol.Tests.Functional;

/// <summary>What the server sends and accepts, byte for byte, seen through a plain HTTP/2 client.</summary>
public sealed class WireFormatTests
{
    private const string Enqueue = "/odop.v1.Queue/Enqueue";
    private TestServer _server = null!;
    private RawGrpc _raw = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await TestServer.StartAsync();
        _raw = new RawGrpc(_server.TcpAddress);
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        _raw.Dispose();
        _server.Service.StubbornRelease.TrySetResult();
        await _server.DisposeAsync();
    }

    [TearDown]
    public void NoUnexpectedServerErrors() => Assert.That(_server.Errors(), Is.Empty, "the server logged errors");

    [Test]
    public async Task Ok_HasGrpcHeaders_OneFramedMessage_AndStatusInTrailers()
    {
        var response = await _raw.PostAsync(Enqueue, RawGrpc.Frame(TestService.Request("echo", "w1")));

        Assert.That(response.HttpStatus, Is.EqualTo(System.Net.HttpStatusCode.OK));
        Assert.That(response.Headers["content-type"], Is.EqualTo("application/grpc"));
        Assert.That(response.Headers["grpc-accept-encoding"], Is.EqualTo("identity"));
        Assert.That(response.Trailers["grpc-status"], Is.EqualTo("0"));
        Assert.That(response.Body[0], Is.Zero, "not compressed");
        Assert.That(EnqueueReply.Parser.ParseFrom(response.Body.AsSpan(5)).ExecutionId, Is.EqualTo("w1"));
    }

    [Test]
    public async Task ErrorBeforeAnyMessage_IsATrailersOnlyResponse_WithPercentEncodedMessage()
    {
        var request = TestService.Request("status", metadata: "é 100%", priority: (int)StatusCode.InvalidArgument);

        var response = await _raw.PostAsync(Enqueue, RawGrpc.Frame(request));

        Assert.That(response.IsTrailersOnly, Is.True);
        Assert.That(response.GrpcStatus, Is.EqualTo("3"));
        Assert.That(response.GrpcMessage, Is.EqualTo("%C3%A9 100%25"));
    }

    [Test]
    public async Task UnknownMethod_IsATrailersOnlyUnimplemented()
    {
        var response = await _raw.PostAsync("/odop.v1.Nope/Nothing", RawGrpc.Frame(TestService.Request("echo")));

        Assert.That(response.IsTrailersOnly, Is.True);
        Assert.That(response.GrpcStatus, Is.EqualTo("12"));
    }

    [Test]
    public async Task UnaryRequest_WithTwoMessages_IsInternal()
    {
        var frame = RawGrpc.Frame(TestService.Request("echo"));

        var response = await _raw.PostAsync(Enqueue, [.. frame, .. frame]);

        Assert.That(response.GrpcStatus, Is.EqualTo("13"));
    }

    [Test]
    public async Task UnaryRequest_WithNoMessage_IsInternal()
    {
        var response = await _raw.PostAsync(Enqueue, []);

        Assert.That(response.GrpcStatus, Is.EqualTo("13"));
    }

    [Test]
    public async Task UnaryRequest_CutInsideAMessage_IsInternal()
    {
        var frame = RawGrpc.Frame(TestService.Request("echo", "some-id"));

        var response = await _raw.PostAsync(Enqueue, frame[..^2]);

        Assert.That(response.GrpcStatus, Is.EqualTo("13"));
    }

    [Test]
    public async Task UndecodableMessage_IsInternal()
    {
        var response = await _raw.PostAsync(Enqueue, RawGrpc.Frame([0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.That(response.GrpcStatus, Is.EqualTo("13"));
    }

    [Test]
    public async Task CompressedMessage_IsUnimplemented()
    {
        var response = await _raw.PostAsync(Enqueue, RawGrpc.Frame(TestService.Request("echo"), flag: 1));

        Assert.That(response.GrpcStatus, Is.EqualTo("12"));
        Assert.That(response.Headers["grpc-accept-encoding"], Is.EqualTo("identity"));
    }

    [Test]
    public async Task OversizedLengthPrefix_IsRejectedFromThePrefixAlone()
    {
        // Claims 1 GiB but carries nothing: the server must answer without waiting for the body.
        var prefixOnly = new byte[] { 0, 0x40, 0, 0, 0 };

        var response = await _raw.PostAsync(Enqueue, prefixOnly);

        Assert.That(response.GrpcStatus, Is.EqualTo("8"));
    }

    [TestCase("text/plain")]
    [TestCase("application/grpc-web")]
    public async Task NonGrpcContentType_Is415(string contentType)
    {
        var response = await _raw.PostAsync(Enqueue, RawGrpc.Frame(TestService.Request("echo")), contentType);

        Assert.That(response.HttpStatus, Is.EqualTo(System.Net.HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task ProtoSubtypeContentType_IsAccepted()
    {
        var response = await _raw.PostAsync(Enqueue, RawGrpc.Frame(TestService.Request("echo")), "application/grpc+proto");

        Assert.That(response.GrpcStatus, Is.EqualTo("0"));
    }

    [Test]
    public async Task Deadline_EndsTheCallOnTime_EvenWhenTheHandlerIgnoresItsToken()
    {
        var response = await _raw.PostAsync(Enqueue, RawGrpc.Frame(TestService.Request("stubborn")), timeout: "200m");

        Assert.That(response.GrpcStatus, Is.EqualTo("4"));
        Assert.That(_server.Service.StubbornFinished, Is.False, "the answer came while the handler still ran");
        _server.Service.StubbornRelease.TrySetResult();
    }

    [Test]
    public async Task MalformedTimeout_IsIgnored()
    {
        var response = await _raw.PostAsync(Enqueue, RawGrpc.Frame(TestService.Request("deadline")), timeout: "soon");

        Assert.That(response.GrpcStatus, Is.EqualTo("0"));
        Assert.That(EnqueueReply.Parser.ParseFrom(response.Body.AsSpan(5)).ExecutionId, Is.EqualTo("none"));
    }
}
