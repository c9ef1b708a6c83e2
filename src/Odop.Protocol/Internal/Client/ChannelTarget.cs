namespace Odop.Protocol.Internal.Client;

/// <summary>
/// Where a channel connects. Accepted forms: <c>unix:/path</c>, <c>unix:///path</c>, <c>/path</c> (a Unix socket),
/// <c>http://host:port</c> and <c>host:port</c>. TLS is not supported.
/// </summary>
internal sealed record ChannelTarget(string Target, Uri BaseAddress, string? UnixSocketPath)
{
    // The authority sent on Unix sockets; servers there do not route by host.
    private static readonly Uri UnixBaseAddress = new("http://localhost/");

    public static ChannelTarget ForUnixSocket(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        return new ChannelTarget("unix:" + full, UnixBaseAddress, full);
    }

    public static ChannelTarget Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        address = address.Trim();
        if (address.StartsWith("unix:", StringComparison.OrdinalIgnoreCase))
        {
            var path = address["unix:".Length..];
            // unix:///abs/path is the URI form of unix:/abs/path.
            if (path.StartsWith("//", StringComparison.Ordinal))
            {
                path = path[2..];
            }

            return ForUnixSocket(path);
        }

        if (address.StartsWith('/'))
        {
            return ForUnixSocket(address);
        }

        var withScheme = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{address}' is not a valid address.", nameof(address));
        }

        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException(
                $"'{address}': only http (HTTP/2 without TLS) and unix addresses are supported.", nameof(address));
        }

        var authority = uri.GetLeftPart(UriPartial.Authority);
        return new ChannelTarget(authority, new Uri(authority + "/"), null);
    }
}
