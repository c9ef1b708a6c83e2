using Microsoft.Extensions.Logging.Abstractions;
using Odop.Client;
using Odop.Core.Hardware;
using Odop.Engine.Hosting;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.Support;

/// <summary>
/// A real engine and a real agent on Unix sockets in a temporary folder, with a client: what a node
/// runs, minus the simulation.
/// </summary>
internal sealed class NodeUnderTest : IAsyncDisposable
{
    public string Root { get; }
    public string ProfilesDirectory { get; }
    public EngineHost Engine { get; private set; } = null!;
    public AgentHost Agent { get; private set; } = null!;
    public OdopClient Client { get; private set; } = null!;

    private NodeUnderTest(string root)
    {
        Root = root;
        ProfilesDirectory = Path.Combine(root, "profiles");
        Directory.CreateDirectory(ProfilesDirectory);
    }

    public static async Task<NodeUnderTest> StartAsync(Action<string>? writeProfiles = null, CpuSet? excludedCpus = null, int maxMessageSize = 4 * 1024 * 1024,
        Odop.Scheduling.PolicyKind policy = Odop.Scheduling.PolicyKind.Odop, TimeSpan? timeLimitSlack = null, int? simulationRootPid = null,
        Func<string, Odop.Archiving.ArchiveConfig>? archivers = null, bool durable = false, TimeSpan? samplingPeriod = null)
    {
        var node = new NodeUnderTest(Directory.CreateTempSubdirectory("odop-agent-test-").FullName);
        writeProfiles?.Invoke(node.ProfilesDirectory);
        node.Engine = await EngineHost.StartAsync(new EngineHostOptions
        {
            SocketPath = Path.Combine(node.Root, "engine.sock"),
            LogDirectory = Path.Combine(node.Root, "logs"),
            DefaultStopGrace = TimeSpan.FromSeconds(2),
        }, NullLoggerFactory.Instance);
        node.AgentOptions = new AgentOptions
        {
            SocketPath = Path.Combine(node.Root, "agent.sock"),
            EngineEndpoint = "unix:" + node.Engine.SocketPath,
            ProfilesDirectory = node.ProfilesDirectory,
            ExcludedCpus = excludedCpus ?? CpuSet.Empty,
            StopGrace = TimeSpan.FromSeconds(2),
            MaxMessageSize = maxMessageSize,
            Policy = policy,
            TimeLimitSlack = timeLimitSlack ?? TimeSpan.FromMinutes(5),
            SimulationRootPid = simulationRootPid,
            Archivers = archivers?.Invoke(node.Root),
            StorePath = durable ? Path.Combine(node.Root, "agent.db") : null,
            SamplingPeriod = samplingPeriod ?? AgentOptions.DefaultSamplingPeriod,
        };
        node.Agent = await AgentHost.StartAsync(node.AgentOptions, NullLoggerFactory.Instance);
        node.Client = OdopClient.Connect("unix:" + node.Agent.SocketPath);
        return node;
    }

    public AgentOptions AgentOptions { get; private set; } = null!;

    /// <summary>Stops the agent and starts a new one with the same options (the engine keeps running).</summary>
    public async Task RestartAgentAsync(Odop.Archiving.ArchiveConfig? archivers = null)
    {
        Client.Dispose();
        await Agent.DisposeAsync();
        if (archivers is not null) AgentOptions = CopyWith(AgentOptions, archivers);
        Agent = await AgentHost.StartAsync(AgentOptions, NullLoggerFactory.Instance);
        Client = OdopClient.Connect("unix:" + Agent.SocketPath);
    }

    private static AgentOptions CopyWith(AgentOptions o, Odop.Archiving.ArchiveConfig archivers) => new()
    {
        SocketPath = o.SocketPath, EngineEndpoint = o.EngineEndpoint, ProfilesDirectory = o.ProfilesDirectory, ExcludedCpus = o.ExcludedCpus,
        StopGrace = o.StopGrace, MaxMessageSize = o.MaxMessageSize, Policy = o.Policy, TimeLimitSlack = o.TimeLimitSlack,
        StorePath = o.StorePath, Archivers = archivers,
    };

    /// <summary>Polls until the execution satisfies <paramref name="condition"/>; fails the test after a generous limit.</summary>
    public Task<Execution> WaitForAsync(string executionId, Func<Execution, bool> condition, string what, int seconds = 60) =>
        ExecutionPolling.WaitForAsync(Client, executionId, condition, what, seconds);

    public Task<Execution> WaitForStateAsync(string executionId, ExecutionState state, int seconds = 60) =>
        WaitForAsync(executionId, e => e.State == state, state.ToString(), seconds);

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Agent is not null) await Agent.DisposeAsync();
        if (Engine is not null) await Engine.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
