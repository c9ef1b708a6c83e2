using System.Buffers.Binary;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Odop.Protocol.Tests.Infrastructure;
using Odop.Protocol.V1;

namespace Odop.Protocol.Tests.Functional;

/// <summary>Responses our server never sends, but a proxy or another implementation might: the client must still report a fitting status.</summary>
public sealed class OddResponseTests
{
    private static readonly byte[] Reply = Frame(new EnqueueReply { ExecutionId = "r" }.ToByteArray());

    [TestCase(404, StatusCode.Unimplemented)]
    [TestCase(401, StatusCode.Unauthenticated)]
    [TestCase(403, StatusCode.PermissionDenied)]
    [TestCase(503, StatusCode.Unavailable)]
    [TestCase(500, StatusCode.Unknown)]
    public async Task NonOkHttpStatus_MapsToAGrpcStatus(int httpStatus, StatusCode expected)
    {
        var error = await CallAsync(context =>
        {
            context.Response.StatusCode = httpStatus;
            return Task.CompletedTask;
        });

        Assert.That(error?.Status, Is.EqualTo(expected));
        Assert.That(error?.Detail, Does.Contain(httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task NonGrpcContentType_IsInternal()
    {
        var error = await CallAsync(async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html>proxy error</html>");
        });

        Assert.That(error?.Status, Is.EqualTo(StatusCode.Internal));
    }

    [Test]
    public async Task MissingGrpcStatus_IsInternal()
    {
        var error = await CallAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(Reply);
        });

        Assert.That(error?.Status, Is.EqualTo(StatusCode.Internal));
    }

    [Test]
    public async Task StatusInTrailers_WinsOverAReceivedMessage()
    {
        var error = await CallAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(Reply);
            context.Response.AppendTrailer("grpc-status", "9");
            context.Response.AppendTrailer("grpc-message", "not now %E2%9C%93");
        });

        Assert.That(error?.Status, Is.EqualTo(StatusCode.FailedPrecondition));
        Assert.That(error?.Detail, Is.EqualTo("not now ✓"));
    }

    [Test]
    public async Task TwoMessagesForAUnaryCall_IsInternal()
    {
        var error = await CallAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(Reply.Concat(Reply).ToArray());
            context.Response.AppendTrailer("grpc-status", "0");
        });

        Assert.That(error?.Status, Is.EqualTo(StatusCode.Internal));
    }

    [Test]
    public async Task CompressedMessage_IsInternal()
    {
        var compressed = (byte[])Reply.Clone();
        compressed[0] = 1;

        var error = await CallAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(compressed);
            context.Response.AppendTrailer("grpc-status", "0");
        });

        Assert.That(error?.Status, Is.EqualTo(StatusCode.Internal));
    }

    [Test]
    public async Task TruncatedMessage_IsInternal()
    {
        var error = await CallAsync(async context =>
        {
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(Reply.AsMemory(0, Reply.Length - 1));
            context.Response.AppendTrailer("grpc-status", "0");
        });

        Assert.That(error?.Status, Is.EqualTo(StatusCode.Internal));
    }

    [Test]
    public async Task UnknownStatusNumber_IsKeptAsIs_AndUnparseableOneIsUnknown()
    {
        var odd = await CallAsync(TrailersOnly("42"));
        var garbage = await CallAsync(TrailersOnly("nope"));

        Assert.That((int?)odd?.Status, Is.EqualTo(42));
        Assert.That(garbage?.Status, Is.EqualTo(StatusCode.Unknown));
    }

    private static RequestDelegate TrailersOnly(string status) => context =>
    {
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = status;
        return Task.CompletedTask;
    };

    private static async Task<RpcException?> CallAsync(RequestDelegate respond)
    {
        await using var server = await FakeHttp2Server.StartAsync(respond);
        using var channel = GrpcChannel.ForAddress(server.Address);
        try
        {
            await channel.UnaryAsync(QueueMethods.Enqueue, TestService.Request("echo")).WaitAsync(Wait.Long);
            return null;
        }
        catch (RpcException ex)
        {
            return ex;
        }
    }

    private static byte[] Frame(byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
