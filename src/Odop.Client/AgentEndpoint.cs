using Odop.Protocol;

namespace Odop.Client;

/// <summary>
/// Where to find the agent: an explicit endpoint, else $ODOP_ENDPOINT or $ODOP_AGENT, else the saved config
/// (<see cref="ClientConfig"/>), else the per-user default socket.
/// </summary>
public static class AgentEndpoint
{
    public const string EnvironmentVariable = "ODOP_AGENT";
    public const string EndpointVariable = "ODOP_ENDPOINT";
    public const string TokenVariable = "ODOP_TOKEN";

    public static string Resolve(string? explicitEndpoint = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitEndpoint)) return explicitEndpoint.Trim();
        foreach (var variable in (ReadOnlySpan<string>)[EndpointVariable, EnvironmentVariable])
            if (Environment.GetEnvironmentVariable(variable) is { } value && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        if (ClientConfig.Load().Endpoint is { Length: > 0 } saved) return saved.Trim();
        return "unix:" + Endpoints.DefaultAgentSocket();
    }

    /// <summary>The bearer token: explicit, else $ODOP_TOKEN, else the saved config; null for none (the socket owner needs none).</summary>
    public static string? ResolveToken(string? explicitToken = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitToken)) return explicitToken.Trim();
        if (Environment.GetEnvironmentVariable(TokenVariable) is { } value && !string.IsNullOrWhiteSpace(value)) return value.Trim();
        return ClientConfig.Load().Token is { Length: > 0 } saved ? saved.Trim() : null;
    }

    /// <summary>Opens a channel; a bare path (starting with / or .) is taken as a Unix socket.</summary>
    public static GrpcChannel Open(string endpoint, GrpcChannelOptions? options = null) =>
        endpoint.StartsWith('/') || endpoint.StartsWith('.')
            ? GrpcChannel.ForUnixSocket(Path.GetFullPath(endpoint), options)
            : GrpcChannel.ForAddress(endpoint, options);
}
