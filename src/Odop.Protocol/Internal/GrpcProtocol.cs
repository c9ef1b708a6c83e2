namespace Odop.Protocol.Internal;

/// <summary>Names and values fixed by the gRPC over HTTP/2 specification.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string UserAgent = "odop-grpc-dotnet/1.0";

    /// <summary>We never compress, so identity is all we accept.</summary>
    public const string IdentityEncoding = "identity";

    /// <summary>One flag byte (compressed or not) and a big-endian 32-bit length precede every message.</summary>
    public const int HeaderSize = 5;

    /// <summary>True for <c>application/grpc</c> and its subtypes (<c>application/grpc+proto</c>), which the spec allows.</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (contentType.Length == ContentType.Length)
        {
            return true;
        }

        var next = contentType[ContentType.Length];
        return next is '+' or ';';
    }
}
