using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Odop.Protocol.Internal.Server;

/// <summary>Reads the one request message of a unary or server-streaming call from the request body.</summary>
internal static class RequestMessageReader
{
    public static async ValueTask<T> ReadSingleAsync<T>(
        PipeReader reader, MessageParser<T> parser, int maxSize, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        T? message = default;
        var haveMessage = false;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!haveMessage && TryReadMessage(ref buffer, parser, maxSize, out message))
            {
                haveMessage = true;
            }

            if (haveMessage && !buffer.IsEmpty)
            {
                reader.AdvanceTo(buffer.End);
                throw new RpcException(StatusCode.Internal, "Additional data after the message received.");
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (haveMessage)
                {
                    return message!;
                }

                throw new RpcException(
                    StatusCode.Internal,
                    buffer.IsEmpty ? "Request did not include a message." : "Incomplete message.");
            }

            // Nothing consumed yet, but all of it examined: wake up only when more arrives.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Takes one whole message off the front of <paramref name="buffer"/> when it is all there.</summary>
    private static bool TryReadMessage<T>(ref ReadOnlySequence<byte> buffer, MessageParser<T> parser, int maxSize, out T message)
        where T : IMessage<T>
    {
        message = default!;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        // Checked on the prefix alone, so an oversized body is never buffered.
        var length = MessageFraming.ReadHeader(header, maxSize, StatusCode.Unimplemented);
        if (buffer.Length - GrpcProtocol.HeaderSize < length)
        {
            return false;
        }

        var payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        message = payload.IsSingleSegment
            ? MessageFraming.Parse(parser, payload.FirstSpan)
            : MessageFraming.Parse(parser, payload);
        buffer = buffer.Slice(payload.End);
        return true;
    }
}
