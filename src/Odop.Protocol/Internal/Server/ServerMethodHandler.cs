using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Odop.Protocol.Internal.Server;

/// <summary>
/// One registered method. Subclasses run the call; this class owns how a call starts (headers, deadline)
/// and how it ends (status in trailers, or headers for a trailers-only response).
/// </summary>
internal abstract class ServerMethodHandler(string fullName, ServerRuntime runtime)
{
    private static readonly StringValues ContentTypeValue = new(GrpcProtocol.ContentType);
    private static readonly StringValues IdentityValue = new(GrpcProtocol.IdentityEncoding);
    private static readonly StringValues OkStatusValue = new("0");

    public string FullName { get; } = fullName;

    protected ServerRuntime Runtime { get; } = runtime;

    public abstract Task HandleCallAsync(HttpContext httpContext);

    protected ServerCallContext StartCall(HttpContext httpContext, CancellationToken shutdownToken)
    {
        var response = httpContext.Response;
        response.Headers.ContentType = ContentTypeValue;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = IdentityValue;
        return new ServerCallContext(httpContext, FullName, ReadTimeout(httpContext.Request), shutdownToken);
    }

    /// <summary>
    /// Waits for the handler, but no longer than its deadline: a handler that ignores its token must not keep
    /// the client waiting. False when the call was ended here; the handler has returned by then either way,
    /// so the HttpContext was never used after the request finished.
    /// </summary>
    protected async Task<bool> WaitForHandlerAsync(ServerCallContext call, Task handlerTask)
    {
        if (call.Deadline is null)
        {
            await handlerTask.ConfigureAwait(false);
            return true;
        }

        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (call.CancellationToken.UnsafeRegister(static s => ((TaskCompletionSource)s!).TrySetResult(), cancelled))
        {
            if (await Task.WhenAny(handlerTask, cancelled.Task).ConfigureAwait(false) == handlerTask)
            {
                await handlerTask.ConfigureAwait(false);
                return true;
            }
        }

        var (status, detail) = call.CancellationStatus();
        ServerLog.EndedBeforeHandler(Runtime.Logger, FullName, status);
        await CompleteAsync(call, status, detail).ConfigureAwait(false);
        try
        {
            await handlerTask.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The client already has its status; what the handler did afterwards no longer matters.
        }

        return false;
    }

    /// <summary>Ends the call with the status an exception stands for.</summary>
    protected Task FailAsync(ServerCallContext call, Exception exception)
    {
        StatusCode status;
        string detail;
        if (exception is RpcException rpc)
        {
            (status, detail) = (rpc.Status, rpc.Detail);
        }
        else if (call.CancellationToken.IsCancellationRequested)
        {
            // Whatever broke once the call was cancelled (a cancelled wait, a write to a gone client)
            // is the cancellation's doing, not a handler bug worth an error log.
            (status, detail) = call.CancellationStatus();
        }
        else
        {
            ServerLog.HandlerFailed(Runtime.Logger, FullName, exception);
            status = StatusCode.Internal;
            detail = Runtime.IncludeExceptionDetails
                ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
                : "Exception was thrown by handler.";
        }

        ServerLog.CallFailed(Runtime.Logger, FullName, status, detail);
        return CompleteAsync(call, status, detail);
    }

    /// <summary>Writes the status once; later attempts (a racing deadline, a late handler) are ignored.</summary>
    protected static async Task CompleteAsync(ServerCallContext call, StatusCode status, string? detail)
    {
        Task? pendingFlush;
        lock (call.Sync)
        {
            if (call.Completed)
            {
                return;
            }

            call.Completed = true;
            pendingFlush = call.PendingFlush;
        }

        if (pendingFlush is not null)
        {
            try
            {
                await pendingFlush.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A failed flush ends that write; the status is still worth trying to send.
            }
        }

        var response = call.HttpContext.Response;
        if (!call.MessageWritten && !response.HasStarted)
        {
            // Trailers-only: the status travels in the one HEADERS frame that ends the stream.
            SetStatus(response.Headers, status, detail);
        }
        else
        {
            SetStatus(call.HttpContext.Features.GetRequiredFeature<IHttpResponseTrailersFeature>().Trailers, status, detail);
        }

        if (call.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception) when (call.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // The client left while the status was on its way.
        }
    }

    private static void SetStatus(IHeaderDictionary headers, StatusCode status, string? detail)
    {
        headers[GrpcProtocol.StatusHeader] = status == StatusCode.OK
            ? OkStatusValue
            : new StringValues(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(detail))
        {
            headers[GrpcProtocol.MessageHeader] = StatusMessageEncoding.Encode(detail);
        }
    }

    private TimeSpan? ReadTimeout(HttpRequest request)
    {
        var value = request.Headers[GrpcProtocol.TimeoutHeader];
        if (value.Count == 0)
        {
            return null;
        }

        if (GrpcTimeout.TryParse(value[0], out var timeout))
        {
            return timeout;
        }

        ServerLog.MalformedTimeout(Runtime.Logger, value.ToString());
        return null;
    }
}
