namespace Odop.Protocol;

/// <summary>
/// Sends the messages of a server stream. One write at a time; each write is flushed, so the client
/// sees the message without waiting for the next. Writing after the call ended throws
/// <see cref="OperationCanceledException"/>. A write waiting on a slow reader is cancelled by the call's own
/// token (deadline, disconnect, shutdown); the token passed here is checked before the write starts.
/// </summary>
public interface IServerStreamWriter<in T>
{
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
