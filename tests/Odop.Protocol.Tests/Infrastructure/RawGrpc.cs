using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Odop.Protocol.Tests.Infrastructure;

/// <summary>Plain HTTP/2 requests, for checking what the server puts on the wire and how it treats odd requests.</summary>
public sealed class RawGrpc(string address) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler()) { BaseAddress = new Uri(address) };

    public static byte[] Frame(IMessage message, byte flag = 0) => Frame(message.ToByteArray(), flag);

    public static byte[] Frame(byte[] payload, byte flag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public async Task<Response> PostAsync(string path, byte[] body, string contentType = "application/grpc", string? timeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.ParseAdd("trailers");
        if (timeout is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        }

        using var response = await _client.SendAsync(request).WaitAsync(Wait.Long);
        var bytes = await response.Content.ReadAsByteArrayAsync().WaitAsync(Wait.Long);
        return new Response(
            response.StatusCode,
            ToDictionary(response.Headers, response.Content.Headers),
            ToDictionary(response.TrailingHeaders),
            bytes);
    }

    public void Dispose() => _client.Dispose();

    private static Dictionary<string, string> ToDictionary(params HttpHeaders[] headers) =>
        headers.SelectMany(h => h.NonValidated).ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());

    public sealed record Response(HttpStatusCode HttpStatus, Dictionary<string, string> Headers, Dictionary<string, string> Trailers, byte[] Body)
    {
        /// <summary>The gRPC status, from the trailers or, on a trailers-only response, from the headers.</summary>
        public string? GrpcStatus => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

        public string? GrpcMessage => Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message");

        public bool IsTrailersOnly => Headers.ContainsKey("grpc-status") && Trailers.Count == 0 && Body.Length == 0;
    }
}
