using Microsoft.Extensions.Logging;

namespace Odop.Protocol.Internal.Server;

/// <summary>Everything the server logs, with fixed event ids so operators can filter on them.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Error when executing {Method}.")]
    public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "{Method} ended with {Status}: {Detail}")]
    public static partial void CallFailed(ILogger logger, string method, StatusCode status, string detail);

    [LoggerMessage(3, LogLevel.Debug, "{Method} was cancelled before its handler returned; sent {Status} without waiting for it.")]
    public static partial void EndedBeforeHandler(ILogger logger, string method, StatusCode status);

    [LoggerMessage(4, LogLevel.Debug, "No method {Path}.")]
    public static partial void Unimplemented(ILogger logger, string path);

    [LoggerMessage(5, LogLevel.Debug, "Rejected a request with content-type '{ContentType}'.")]
    public static partial void UnsupportedContentType(ILogger logger, string? contentType);

    [LoggerMessage(6, LogLevel.Information, "Removed stale socket file {Path}.")]
    public static partial void StaleSocketRemoved(ILogger logger, string path);

    [LoggerMessage(7, LogLevel.Warning, "Shutdown did not finish within {Timeout}; remaining calls were aborted.")]
    public static partial void ShutdownTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(8, LogLevel.Debug, "Ignored malformed grpc-timeout '{Value}'.")]
    public static partial void MalformedTimeout(ILogger logger, string value);
}
