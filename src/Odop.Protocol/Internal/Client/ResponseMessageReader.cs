using System.Buffers;
using Google.Protobuf;

namespace Odop.Protocol.Internal.Client;

/// <summary>
/// Reads length-prefixed messages off a response body into one pooled buffer that grows only for
/// large messages. Bytes after a message stay buffered for the next read.
/// </summary>
internal sealed class ResponseMessageReader(Stream stream, int maxSize) : IDisposable
{
    private const int InitialBufferSize = 4096;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;

    /// <summary>The next message, or null when the body ended cleanly between messages.</summary>
    public async ValueTask<T?> ReadAsync<T>(MessageParser<T> parser, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        if (!await FillAsync(GrpcProtocol.HeaderSize, cancellationToken).ConfigureAwait(false))
        {
            return _end == _start ? null : throw Incomplete();
        }

        // A client never asked for compression, so a compressed message is a protocol error.
        var length = MessageFraming.ReadHeader(_buffer.AsSpan(_start, GrpcProtocol.HeaderSize), maxSize, StatusCode.Internal);
        var frameSize = GrpcProtocol.HeaderSize + length;
        if (!await FillAsync(frameSize, cancellationToken).ConfigureAwait(false))
        {
            throw Incomplete();
        }

        var message = MessageFraming.Parse(parser, _buffer.AsSpan(_start + GrpcProtocol.HeaderSize, length));
        _start += frameSize;
        return message;
    }

    /// <summary>True when the body has ended with nothing left over.</summary>
    public async ValueTask<bool> IsAtEndAsync(CancellationToken cancellationToken) =>
        !await FillAsync(1, cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static RpcException Incomplete() =>
        new(StatusCode.Internal, "The response ended in the middle of a message.");

    /// <summary>Reads until <paramref name="count"/> bytes are buffered; false when the body ends first.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        MakeRoom(count);
        while (_end - _start < count)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }

    private void MakeRoom(int count)
    {
        if (_start + count <= _buffer.Length)
        {
            return;
        }

        var pending = _end - _start;
        if (count <= _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }
        else
        {
            var larger = ArrayPool<byte>.Shared.Rent(count);
            Buffer.BlockCopy(_buffer, _start, larger, 0, pending);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _start = 0;
        _end = pending;
    }
}
