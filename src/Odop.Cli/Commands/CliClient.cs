using System.CommandLine;
using Odop.Client;
using Odop.Protocol;

namespace Odop.Cli.Commands;

/// <summary>How every verb reaches the agent: endpoint and token from the flags, else the environment, else the saved config.</summary>
internal static class CliClient
{
    public static OdopClient Connect(ParseResult parse, Option<string?> agent, TimeSpan? timeout = null) =>
        OdopClient.Connect(parse.GetValue(agent), timeout, token: parse.GetValue(CommonOptions.Token));

    /// <summary>A channel that sends the token on every call, for services <see cref="OdopClient"/> has no method for.</summary>
    public static GrpcChannel Open(ParseResult parse, Option<string?> agent)
    {
        var token = AgentEndpoint.ResolveToken(parse.GetValue(CommonOptions.Token));
        return AgentEndpoint.Open(AgentEndpoint.Resolve(parse.GetValue(agent)), token is null
            ? null
            : new GrpcChannelOptions { DefaultHeaders = new Dictionary<string, string> { ["authorization"] = "Bearer " + token } });
    }

    public static CallOptions Timeout(CancellationToken ct, int seconds = 30) => CallOptions.WithTimeout(TimeSpan.FromSeconds(seconds), ct);
}
