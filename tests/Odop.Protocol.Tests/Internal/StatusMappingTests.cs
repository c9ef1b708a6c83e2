using System.Net;
using Odop.Protocol.Internal;

namespace Odop.Protocol.Tests.Internal;

public sealed class StatusMappingTests
{
    [TestCase(HttpStatusCode.BadRequest, StatusCode.Internal)]
    [TestCase(HttpStatusCode.Unauthorized, StatusCode.Unauthenticated)]
    [TestCase(HttpStatusCode.Forbidden, StatusCode.PermissionDenied)]
    [TestCase(HttpStatusCode.NotFound, StatusCode.Unimplemented)]
    [TestCase(HttpStatusCode.TooManyRequests, StatusCode.Unavailable)]
    [TestCase(HttpStatusCode.BadGateway, StatusCode.Unavailable)]
    [TestCase(HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable)]
    [TestCase(HttpStatusCode.GatewayTimeout, StatusCode.Unavailable)]
    [TestCase(HttpStatusCode.UnsupportedMediaType, StatusCode.Unknown)]
    [TestCase(HttpStatusCode.InternalServerError, StatusCode.Unknown)]
    public void HttpStatus_MapsPerTheGrpcTable(HttpStatusCode http, StatusCode expected) =>
        Assert.That(StatusMapping.FromHttpStatus(http), Is.EqualTo(expected));

    [TestCase(0x7, StatusCode.Unavailable)]
    [TestCase(0x8, StatusCode.Cancelled)]
    [TestCase(0xB, StatusCode.ResourceExhausted)]
    [TestCase(0xC, StatusCode.PermissionDenied)]
    [TestCase(0x1, StatusCode.Internal)]
    public void Http2ErrorCode_MapsPerTheGrpcTable(long code, StatusCode expected) =>
        Assert.That(StatusMapping.FromHttp2ErrorCode(code), Is.EqualTo(expected));

    [Test]
    public void RpcException_MessageNamesStatusAndDetail()
    {
        var ex = new RpcException(StatusCode.NotFound, "no such execution");

        Assert.That(ex.Message, Is.EqualTo("Status(StatusCode=\"NotFound\", Detail=\"no such execution\")"));
    }
}
