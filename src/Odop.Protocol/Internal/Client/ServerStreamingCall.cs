using Google.Protobuf;

namespace Odop.Protocol.Internal.Client;

/// <summary>
/// A server-streaming call as an <see cref="IAsyncEnumerable{T}"/>. Each enumeration is its own call,
/// started by the first MoveNextAsync; disposing the enumerator early cancels the call.
/// </summary>
internal sealed class ServerStreamingCall<TRequest, TResponse>(
    GrpcChannel channel, Method<TRequest, TResponse> method, TRequest request, CallOptions options)
    : IAsyncEnumerable<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public IAsyncEnumerator<TResponse> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        new Enumerator(new ClientCall<TRequest, TResponse>(channel, method, options, cancellationToken), request);

    private sealed class Enumerator(ClientCall<TRequest, TResponse> call, TRequest request) : IAsyncEnumerator<TResponse>
    {
        private bool _started;
        private TResponse? _current;

        public TResponse Current => _current ?? throw new InvalidOperationException("MoveNextAsync has not returned true.");

        public async ValueTask<bool> MoveNextAsync()
        {
            if (!_started)
            {
                _started = true;
                await call.SendAsync(request).ConfigureAwait(false);
            }

            _current = await call.ReadNextAsync().ConfigureAwait(false);
            return _current is not null;
        }

        public ValueTask DisposeAsync()
        {
            call.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
