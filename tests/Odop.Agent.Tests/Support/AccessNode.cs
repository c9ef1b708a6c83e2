using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Odop.Client;
using Odop.Core.Hardware;
using Odop.Engine.Hosting;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.Support;

/// <summary>
/// A real engine and agent for the access-control tests: Unix socket and loopback TCP, an optional SQLite store and
/// limits file, and only MPI ranks below this test process count as a simulation (other jobs on the machine do not).
/// <see cref="Owner"/> is the socket owner's client (admin without a token).
/// </summary>
internal sealed class AccessNode : IAsyncDisposable
{
    private AccessNode(string root)
    {
        Root = root;
        ProfilesDirectory = Path.Combine(root, "profiles");
        Directory.CreateDirectory(ProfilesDirectory);
    }

    public string Root { get; }
    public string ProfilesDirectory { get; }
    public EngineHost Engine { get; private set; } = null!;
    public AgentHost Agent { get; private set; } = null!;
    public OdopClient Owner { get; private set; } = null!;
    public string StorePath => Path.Combine(Root, "agent.db");
    public string SocketPath => Agent.SocketPath;

    public static async Task<AccessNode> StartAsync(Action<string>? writeProfiles = null, bool durable = false, string? limitsPath = null,
        Odop.Scheduling.PolicyKind policy = Odop.Scheduling.PolicyKind.Static, CpuSet? excludedCpus = null, string? root = null)
    {
        var node = new AccessNode(root ?? Directory.CreateTempSubdirectory("odop-access-test-").FullName);
        writeProfiles?.Invoke(node.ProfilesDirectory);
        await node.StartAgentAsync(durable, limitsPath, policy, excludedCpus ?? CpuSet.Empty);
        return node;
    }

    private async Task StartAgentAsync(bool durable, string? limitsPath, Odop.Scheduling.PolicyKind policy, CpuSet excludedCpus)
    {
        Engine = await EngineHost.StartAsync(new EngineHostOptions
        {
            SocketPath = Path.Combine(Root, "engine.sock"),
            LogDirectory = Path.Combine(Root, "logs"),
            DefaultStopGrace = TimeSpan.FromSeconds(2),
        }, NullLoggerFactory.Instance);
        Agent = await AgentHost.StartAsync(new AgentOptions
        {
            SocketPath = Path.Combine(Root, "agent.sock"),
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            EngineEndpoint = "unix:" + Engine.SocketPath,
            ProfilesDirectory = ProfilesDirectory,
            StopGrace = TimeSpan.FromSeconds(2),
            Policy = policy,
            ExcludedCpus = excludedCpus,
            StorePath = durable ? StorePath : null,
            LimitsPath = limitsPath,
            SimulationRootPid = Environment.ProcessId,
        }, NullLoggerFactory.Instance);
        Owner = new OdopClient(GrpcChannel.ForUnixSocket(Agent.SocketPath));
    }

    /// <summary>Stops agent and engine, then starts them again on the same folder (and store).</summary>
    public async Task RestartAsync(bool durable = true)
    {
        await StopAsync();
        await StartAgentAsync(durable, null, Odop.Scheduling.PolicyKind.Static, CpuSet.Empty);
    }

    /// <summary>A client on the Unix socket that sends <paramref name="token"/>.</summary>
    public OdopClient ClientWith(string token) => new(GrpcChannel.ForUnixSocket(Agent.SocketPath), token: token);

    /// <summary>A raw channel on the Unix socket (or TCP) sending <paramref name="token"/> when given.</summary>
    public GrpcChannel Channel(string? token = null, bool tcp = false)
    {
        var options = token is null ? null : new GrpcChannelOptions { DefaultHeaders = new Dictionary<string, string> { ["authorization"] = "Bearer " + token } };
        return tcp ? GrpcChannel.ForAddress($"http://127.0.0.1:{Agent.TcpPort}", options) : GrpcChannel.ForUnixSocket(Agent.SocketPath, options);
    }

    /// <summary>Creates a user as the socket owner and returns its token.</summary>
    public async Task<string> CreateUserAsync(string name, params string[] capabilities)
    {
        using var channel = Channel();
        var request = new CreateUserRequest { Name = name };
        request.Capabilities.AddRange(capabilities);
        return (await channel.UnaryAsync(UsersMethods.Create, request, CallOptions.WithTimeout(TimeSpan.FromSeconds(30)))).Token;
    }

    public Task<Execution> WaitForAsync(OdopClient client, string executionId, Func<Execution, bool> condition, string what, int seconds = 60) =>
        ExecutionPolling.WaitForAsync(client, executionId, condition, what, seconds);

    private async Task StopAsync()
    {
        Owner?.Dispose();
        if (Agent is not null) await Agent.DisposeAsync();
        if (Engine is not null) await Engine.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
