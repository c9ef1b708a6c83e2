using Odop.Protocol;

namespace Odop.Client;

/// <summary>Where to find the agent: an explicit endpoint, else $ODOP_AGENT, else the per-user default socket.</summary>
public static class AgentEndpoint
{
    public const string EnvironmentVariable = "ODOP_AGENT";

    public static string Resolve(string? explicitEndpoint = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitEndpoint)) return explicitEndpoint.Trim();
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment.Trim();
        return "unix:" + Endpoints.DefaultAgentSocket();
    }

    /// <summary>Opens a channel; a bare path (starting with / or .) is taken as a Unix socket.</summary>
    public static GrpcChannel Open(string endpoint, GrpcChannelOptions? options = null) =>
        endpoint.StartsWith('/') || endpoint.StartsWith('.')
            ? GrpcChannel.ForUnixSocket(Path.GetFullPath(endpoint), options)
            : GrpcChannel.ForAddress(endpoint, options);
}
