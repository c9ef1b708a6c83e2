using System.Net.Sockets;

namespace Odop.Protocol.Internal.Client;

/// <summary>SocketsHttpHandler's connect hook for Unix sockets: every connection goes to one path.</summary>
internal sealed class UnixSocketConnector(string path)
{
    private readonly UnixDomainSocketEndPoint _endPoint = new(path);

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(_endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
