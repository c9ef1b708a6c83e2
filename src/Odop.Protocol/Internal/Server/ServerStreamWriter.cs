using Google.Protobuf;

namespace Odop.Protocol.Internal.Server;

/// <summary>
/// Writes stream messages, each flushed at once. The call's lock keeps a write from interleaving with
/// the status that a deadline or shutdown may write from another flow.
/// </summary>
internal sealed class ServerStreamWriter<T>(ServerCallContext call, int maxSendMessageSize) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var size = MessageFraming.MeasureForSend(message, maxSendMessageSize);
        Task flush;
        lock (call.Sync)
        {
            if (call.Completed || call.CancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The call has ended.", call.CancellationToken);
            }

            if (call.PendingFlush is not null)
            {
                throw new InvalidOperationException("A previous write is still in progress; await each WriteAsync.");
            }

            var writer = call.HttpContext.Response.BodyWriter;
            var frameSize = GrpcProtocol.HeaderSize + size;
            MessageFraming.Write(message, size, writer.GetSpan(frameSize));
            writer.Advance(frameSize);
            call.MessageWritten = true;

            // The call token, not the caller's: a deadline or disconnect must also unblock a write to a slow reader.
            var pending = writer.FlushAsync(call.CancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                return;
            }

            flush = pending.AsTask();
            call.PendingFlush = flush;
        }

        try
        {
            await flush.ConfigureAwait(false);
        }
        finally
        {
            lock (call.Sync)
            {
                call.PendingFlush = null;
            }
        }
    }
}
