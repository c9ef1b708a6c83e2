using System.Threading.Channels;
using Odop.Protocol.V1;

namespace Odop.Agent.Loop;

/// <summary>
/// Fans transitions out to Watch subscribers. A subscriber that falls 4096 events behind loses the
/// oldest ones rather than slowing the loop.
/// </summary>
internal sealed class ExecutionEventHub
{
    private readonly Lock _gate = new();
    private readonly List<Channel<ExecutionEvent>> _subscribers = [];
    private readonly List<Action<ExecutionEvent>> _listeners = [];

    /// <summary>
    /// Called on the loop's thread for every event, before anyone hears of the change it reports (e.g. the user
    /// whose stop caused it): for small bookkeeping that must never lag behind. It must be quick and must not throw.
    /// </summary>
    public void Listen(Action<ExecutionEvent> listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
            _listenerCount = _listeners.Count;
        }
    }

    public ChannelReader<ExecutionEvent> Subscribe(out IDisposable subscription)
    {
        var channel = Channel.CreateBounded<ExecutionEvent>(new BoundedChannelOptions(4096)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
            _subscriberCount = _subscribers.Count;
        }
        subscription = new Unsubscriber(this, channel);
        return channel.Reader;
    }

    /// <summary>
    /// Whether an event would reach anyone: subscribers take every event, listeners only transitions. Lets the
    /// loop skip building events nobody reads (an enqueue has no transition: the hot path).
    /// </summary>
    public bool Wants(bool isTransition) => Volatile.Read(ref _subscriberCount) > 0 || (isTransition && Volatile.Read(ref _listenerCount) > 0);

    private int _subscriberCount, _listenerCount;

    public void Publish(ExecutionEvent executionEvent)
    {
        lock (_gate)
        {
            foreach (var listener in _listeners) listener(executionEvent);
            foreach (var subscriber in _subscribers)
                subscriber.Writer.TryWrite(executionEvent);
        }
    }

    public void CompleteAll()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers) subscriber.Writer.TryComplete();
            _subscribers.Clear();
            _subscriberCount = 0;
        }
    }

    private sealed class Unsubscriber(ExecutionEventHub hub, Channel<ExecutionEvent> channel) : IDisposable
    {
        public void Dispose()
        {
            lock (hub._gate)
            {
                hub._subscribers.Remove(channel);
                hub._subscriberCount = hub._subscribers.Count;
            }
            channel.Writer.TryComplete();
        }
    }
}
