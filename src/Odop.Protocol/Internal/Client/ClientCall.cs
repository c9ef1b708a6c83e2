using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Odop.Protocol.Internal.Client;

/// <summary>
/// One call on the wire: sends the request, checks the response headers, reads messages, then the status.
/// Every failure leaves here as an <see cref="RpcException"/>.
/// </summary>
internal sealed class ClientCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly IReadOnlyDictionary<string, string>? _headers;
    private CallCancellation _cancellation;
    private HttpResponseMessage? _response;
    private ResponseMessageReader? _reader;
    private bool _finished;

    public ClientCall(GrpcChannel channel, Method<TRequest, TResponse> method, in CallOptions options, CancellationToken enumeratorToken = default)
    {
        _channel = channel;
        _method = method;
        _headers = options.Headers;
        _cancellation = new CallCancellation(options.Deadline, options.CancellationToken, enumeratorToken);
    }

    public async Task<TResponse> RunUnaryAsync(TRequest request)
    {
        await SendAsync(request).ConfigureAwait(false);
        var message = await ReadNextAsync().ConfigureAwait(false);
        if (message is null)
        {
            throw new RpcException(StatusCode.Internal, "The server ended the call with OK but no response message.");
        }

        try
        {
            if (!await _reader!.IsAtEndAsync(_cancellation.Token).ConfigureAwait(false))
            {
                throw new RpcException(StatusCode.Internal, "The server sent more than one message for a unary call.");
            }
        }
        catch (Exception ex)
        {
            throw Translate(ex);
        }

        ThrowIfNotOk(ReadStatus(_response!.TrailingHeaders));
        return message;
    }

    /// <summary>Sends the request and waits for the response headers. A trailers-only response ends the call here.</summary>
    public async Task SendAsync(TRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_cancellation.Remaining == TimeSpan.Zero)
        {
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline exceeded before the call started.");
        }

        var size = MessageFraming.MeasureForSend(request, _channel.Options.MaxSendMessageSize);
        using var message = CreateRequest(request, size);
        try
        {
            _response = await _channel.Invoker.SendAsync(message, _cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Translate(ex);
        }

        var response = _response;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RpcException(
                StatusMapping.FromHttpStatus(response.StatusCode),
                $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}.");
        }

        if (response.Headers.NonValidated.Contains(GrpcProtocol.StatusHeader))
        {
            _finished = true;
            var status = ReadStatus(response.Headers);
            ThrowIfNotOk(status);
            return;
        }

        var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw new RpcException(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType}.");
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(_cancellation.Token).ConfigureAwait(false);
            _reader = new ResponseMessageReader(body, _channel.Options.MaxReceiveMessageSize);
        }
        catch (Exception ex)
        {
            throw Translate(ex);
        }
    }

    /// <summary>The next message; null once the call ended with OK. A non-OK status throws.</summary>
    public async ValueTask<TResponse?> ReadNextAsync()
    {
        // No reader: the call already failed while starting, and that failure was reported.
        if (_finished || _reader is null)
        {
            return null;
        }

        TResponse? message;
        try
        {
            message = await _reader.ReadAsync(_method.ResponseParser, _cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Translate(ex);
        }

        if (message is null)
        {
            _finished = true;
            ThrowIfNotOk(ReadStatus(_response!.TrailingHeaders));
        }

        return message;
    }

    /// <summary>Releases the call; one still running is reset (RST_STREAM CANCEL), which the server sees as a cancellation.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _cancellation.Cancel();
        }

        _reader?.Dispose();
        _response?.Dispose();
        _cancellation.Dispose();
    }

    private HttpRequestMessage CreateRequest(TRequest request, int size)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new RequestContent(request, size),
        };
        var headers = message.Headers;
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, GrpcProtocol.TeTrailers);
        headers.TryAddWithoutValidation("User-Agent", GrpcProtocol.UserAgent);
        if (_cancellation.Remaining is { } remaining)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
        }

        AddHeaders(headers, _channel.Options.DefaultHeaders);
        AddHeaders(headers, _headers);
        return message;
    }

    private static void AddHeaders(HttpRequestHeaders target, IReadOnlyDictionary<string, string>? source)
    {
        if (source is null)
        {
            return;
        }

        foreach (var (name, value) in source)
        {
            target.TryAddWithoutValidation(name, value);
        }
    }

    private static (StatusCode Status, string Detail) ReadStatus(HttpHeaders headers)
    {
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            return (StatusCode.Internal, "The response ended without a grpc-status.");
        }

        var status = int.TryParse(statusValues.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            ? (StatusCode)code
            : StatusCode.Unknown;
        var detail = headers.NonValidated.TryGetValues(GrpcProtocol.MessageHeader, out var messageValues)
            ? StatusMessageEncoding.Decode(messageValues.ToString())
            : string.Empty;
        return (status, detail);
    }

    private static void ThrowIfNotOk((StatusCode Status, string Detail) status)
    {
        if (status.Status != StatusCode.OK)
        {
            throw new RpcException(status.Status, status.Detail);
        }
    }

    private RpcException Translate(Exception exception) =>
        ClientErrors.Translate(exception, _channel.Target, _cancellation.CancelledByCaller, _cancellation.Token.IsCancellationRequested);
}
