using Microsoft.AspNetCore.Http;
using Google.Protobuf;

namespace Odop.Protocol.Internal.Server;

/// <summary>One request message in, one response message out.</summary>
internal sealed class UnaryMethodHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, UnaryHandler<TRequest, TResponse> handler, ServerRuntime runtime)
    : ServerMethodHandler(method.FullName, runtime)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task HandleCallAsync(HttpContext httpContext)
    {
        var call = StartCall(httpContext, Runtime.UnaryShutdown);
        try
        {
            if (Runtime.Authorizer is { } authorize) await authorize(call).ConfigureAwait(false);
            var request = await RequestMessageReader.ReadSingleAsync(
                httpContext.Request.BodyReader, method.RequestParser, Runtime.MaxReceiveMessageSize, call.CancellationToken)
                .ConfigureAwait(false);
            var handlerTask = handler(request, call);
            if (!handlerTask.IsCompletedSuccessfully && !await WaitForHandlerAsync(call, handlerTask).ConfigureAwait(false))
            {
                return;
            }

            var response = handlerTask.Result
                ?? throw new InvalidOperationException($"The handler of {method.FullName} returned null.");
            WriteResponse(call, response);
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

    // No flush here: completing the response sends the message and the trailers together.
    private void WriteResponse(ServerCallContext call, TResponse response)
    {
        var size = MessageFraming.MeasureForSend(response, Runtime.MaxSendMessageSize);
        lock (call.Sync)
        {
            if (call.Completed)
            {
                return;
            }

            var writer = call.HttpContext.Response.BodyWriter;
            var frameSize = GrpcProtocol.HeaderSize + size;
            MessageFraming.Write(response, size, writer.GetSpan(frameSize));
            writer.Advance(frameSize);
            call.MessageWritten = true;
        }
    }
}
