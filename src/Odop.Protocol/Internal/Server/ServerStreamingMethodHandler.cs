using Microsoft.AspNetCore.Http;
using Google.Protobuf;

namespace Odop.Protocol.Internal.Server;

/// <summary>One request message in, any number of response messages out, then the status.</summary>
internal sealed class ServerStreamingMethodHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, ServerStreamingHandler<TRequest, TResponse> handler, ServerRuntime runtime)
    : ServerMethodHandler(method.FullName, runtime)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task HandleCallAsync(HttpContext httpContext)
    {
        var call = StartCall(httpContext, Runtime.StreamShutdown);
        try
        {
            if (Runtime.Authorizer is { } authorize) await authorize(call).ConfigureAwait(false);
            var request = await RequestMessageReader.ReadSingleAsync(
                httpContext.Request.BodyReader, method.RequestParser, Runtime.MaxReceiveMessageSize, call.CancellationToken)
                .ConfigureAwait(false);
            var writer = new ServerStreamWriter<TResponse>(call, Runtime.MaxSendMessageSize);
            var handlerTask = handler(request, writer, call);
            if (!handlerTask.IsCompletedSuccessfully && !await WaitForHandlerAsync(call, handlerTask).ConfigureAwait(false))
            {
                return;
            }

            await CompleteAsync(call, StatusCode.OK, null).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await FailAsync(call, ex).ConfigureAwait(false);
        }
        finally
        {
            call.Release();
        }
    }
}
