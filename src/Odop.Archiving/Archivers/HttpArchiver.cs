using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Odop.Archiving.Archivers;

/// <summary>
/// POSTs each record as a JSON body; any 2xx answer means kept, anything else (or no answer before the
/// archiver's timeout) is a failed attempt. Endpoints should be idempotent on execution_id: a record can come twice.
/// Optional "headers" (an object of strings) are sent with every request, e.g. an Authorization header.
/// </summary>
internal sealed class HttpArchiver : IResultArchiver, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly IReadOnlyDictionary<string, string> _headers;

    private HttpArchiver(string name, Uri url, IReadOnlyDictionary<string, string> headers)
    {
        Name = name;
        _url = url;
        _headers = headers;
        // The dispatcher's token carries the deadline; HttpClient's own would only fight it.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public string Name { get; }

    public static HttpArchiver Create(ArchiverContext context)
    {
        var text = context.RequiredString("url");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw context.Error("url", $"'{text}' is not an absolute http:// or https:// URL");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (context.Raw("headers") is { } node)
        {
            if (node is not JsonObject o) throw context.Error("headers", "must be an object of header names to string values");
            foreach (var (key, value) in o)
                headers[key] = value is JsonValue v && v.TryGetValue<string>(out var s)
                    ? s
                    : throw context.Error("headers", $"'{key}' must be a string");
        }
        return new HttpArchiver(context.Settings.Name, url, headers);
    }

    public async ValueTask ArchiveAsync(ResultRecord record, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new StringContent(record.ToJson().ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        foreach (var (key, value) in _headers) request.Headers.TryAddWithoutValidation(key, value);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{_url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
    }

    public void Dispose() => _http.Dispose();
}
