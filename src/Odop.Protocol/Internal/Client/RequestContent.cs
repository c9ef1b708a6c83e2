using System.Buffers;
using System.Net;
using Google.Protobuf;

namespace Odop.Protocol.Internal.Client;

/// <summary>
/// The request body: one length-prefixed message, serialized into a pooled buffer when the handler asks
/// for it. Its length is known up front, so the body goes out with the request's END_STREAM.
/// </summary>
internal sealed class RequestContent : HttpContent
{
    private readonly IMessage _message;
    private readonly int _size;

    public RequestContent(IMessage message, int size)
    {
        _message = message;
        _size = size;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var frameSize = GrpcProtocol.HeaderSize + _size;
        var buffer = ArrayPool<byte>.Shared.Rent(frameSize);
        try
        {
            MessageFraming.Write(_message, _size, buffer.AsSpan(0, frameSize));
            await stream.WriteAsync(buffer.AsMemory(0, frameSize), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = GrpcProtocol.HeaderSize + _size;
        return true;
    }
}
