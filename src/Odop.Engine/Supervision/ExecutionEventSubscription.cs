using System.Threading.Channels;

namespace Odop.Engine.Supervision;

/// <summary>
/// One subscriber's event stream. Events are queued from the moment of subscription (no gap, even before
/// enumeration starts) until it is disposed or the supervisor shuts down. The queue is unbounded: the
/// agent must see every exit, and a slow reader only costs memory.
/// </summary>
public sealed class ExecutionEventSubscription : IAsyncEnumerable<ExecutionEvent>, IDisposable
{
    private readonly Channel<ExecutionEvent> _channel =
        Channel.CreateUnbounded<ExecutionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<ExecutionEventSubscription> _unsubscribe;

    internal ExecutionEventSubscription(Action<ExecutionEventSubscription> unsubscribe) => _unsubscribe = unsubscribe;

    public ChannelReader<ExecutionEvent> Reader => _channel.Reader;

    internal void Post(ExecutionEvent e) => _channel.Writer.TryWrite(e);

    internal void Complete() => _channel.Writer.TryComplete();

    public async IAsyncEnumerator<ExecutionEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var e in _channel.Reader.ReadAllAsync(cancellationToken)) yield return e;
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _unsubscribe(this);
        Complete();
    }
}
