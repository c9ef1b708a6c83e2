using System.Buffers.Binary;
using Google.Protobuf;

namespace Odop.Protocol.Internal;

/// <summary>The length-prefixed message format shared by requests and responses.</summary>
internal static class MessageFraming
{
    /// <summary>Size of the serialized message, checked against <paramref name="maxSize"/> before any byte is written.</summary>
    public static int MeasureForSend(IMessage message, int maxSize)
    {
        var size = message.CalculateSize();
        if (size > maxSize)
        {
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} > {maxSize} bytes).");
        }

        return size;
    }

    /// <summary>Writes the prefix and the message into <paramref name="destination"/> (exactly HeaderSize + size bytes).</summary>
    public static void Write(IMessage message, int size, Span<byte> destination)
    {
        destination[0] = 0; // not compressed
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)size);
        message.WriteTo(destination.Slice(GrpcProtocol.HeaderSize, size));
    }

    /// <summary>
    /// Reads a prefix and returns the message length. A set compressed flag fails with
    /// <paramref name="compressedStatus"/> (we never negotiate compression); an oversized message with
    /// RESOURCE_EXHAUSTED, before its body is read.
    /// </summary>
    public static int ReadHeader(ReadOnlySpan<byte> header, int maxSize, StatusCode compressedStatus)
    {
        if (header[0] != 0)
        {
            throw new RpcException(
                compressedStatus,
                header[0] == 1
                    ? "Compressed messages are not supported (grpc-accept-encoding: identity)."
                    : $"Invalid message flag {header[0]}.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxSize)
        {
            throw new RpcException(
                StatusCode.ResourceExhausted,
                $"Received message exceeds the maximum configured message size ({length} > {maxSize} bytes).");
        }

        return (int)length;
    }

    public static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> payload)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            // Official gRPC reports undecodable messages as INTERNAL.
            throw new RpcException(StatusCode.Internal, "Failed to deserialize message: " + ex.Message, ex);
        }
    }

    public static T Parse<T>(MessageParser<T> parser, in System.Buffers.ReadOnlySequence<byte> payload)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(StatusCode.Internal, "Failed to deserialize message: " + ex.Message, ex);
        }
    }
}
