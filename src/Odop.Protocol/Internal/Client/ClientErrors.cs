using System.Net.Http;
using System.Net.Sockets;

namespace Odop.Protocol.Internal.Client;

/// <summary>Turns what HttpClient throws into the status a gRPC client would report.</summary>
internal static class ClientErrors
{
    public static RpcException Translate(Exception exception, string target, bool cancelledByCaller, bool callTokenCancelled)
    {
        if (exception is RpcException rpc)
        {
            return rpc;
        }

        // Cancellation first: a reset stream or a closed connection is often just its visible effect.
        if (cancelledByCaller)
        {
            return new RpcException(StatusCode.Cancelled, "Call cancelled by the client.", exception);
        }

        if (callTokenCancelled)
        {
            // The only other source of the call token is the deadline timer.
            return new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded.", exception);
        }

        if (Find<HttpProtocolException>(exception) is { } protocol)
        {
            // NO_ERROR while the request was still being sent (HttpRequestException: no response yet) is a
            // server shutting down gracefully (GOAWAY, then close): it never answered, so the call may be retried.
            var status = protocol.ErrorCode == 0 && exception is HttpRequestException
                ? StatusCode.Unavailable
                : StatusMapping.FromHttp2ErrorCode(protocol.ErrorCode);
            return new RpcException(
                status,
                $"HTTP/2 error from {target} (code 0x{protocol.ErrorCode:X}): {protocol.Message}",
                exception);
        }

        if (exception is HttpRequestException request)
        {
            var cause = Find<SocketException>(exception)?.Message ?? request.Message;
            return new RpcException(StatusCode.Unavailable, $"Failed to connect to {target}: {cause}", exception);
        }

        if (exception is IOException or ObjectDisposedException)
        {
            return new RpcException(StatusCode.Unavailable, $"Connection to {target} lost: {exception.Message}", exception);
        }

        if (exception is OperationCanceledException)
        {
            return new RpcException(StatusCode.Cancelled, "Call cancelled.", exception);
        }

        return new RpcException(StatusCode.Internal, $"Error in call to {target}: {exception.Message}", exception);
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T match)
            {
                return match;
            }
        }

        return null;
    }
}
