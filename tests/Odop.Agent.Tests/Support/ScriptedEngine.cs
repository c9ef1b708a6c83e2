using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.Support;

/// <summary>
/// An Engine peer on a real socket that follows a script, for races the real engine cannot be made to lose on
/// purpose. List answers nothing running; Events streams what the script publishes; subclasses script the rest.
/// Every execution it reports is one real process (<see cref="Pid"/>) on CPU 0.
/// </summary>
internal abstract class ScriptedEngine : IAsyncDisposable
{
    private readonly Channel<EngineEvent> _events = Channel.CreateUnbounded<EngineEvent>();
    private GrpcServer? _server;

    protected ScriptedEngine(string socketPath, int pid) => (SocketPath, Pid) = (socketPath, pid);

    public string SocketPath { get; }
    protected int Pid { get; }

    /// <summary>Adds the scripted calls (Start, Stop, ...) to a server that already answers List and Events.</summary>
    protected abstract GrpcServer Script(GrpcServer server);

    public async Task StartAsync()
    {
        _server = Script(new GrpcServer(new GrpcServerOptions { UnixSocketPath = SocketPath })
            .AddUnary(EngineMethods.List, (EngineListRequest _, ServerCallContext _) => Task.FromResult(new EngineListReply()))
            .AddServerStreaming(EngineMethods.Events, StreamEventsAsync));
        await _server.StartAsync();
    }

    /// <summary>An agent beside this engine, under the static policy (no load check), with a `sleep` profile.</summary>
    public Task<AgentHost> StartAgentAsync(string root)
    {
        var profiles = Directory.CreateDirectory(Path.Combine(root, "profiles")).FullName;
        TestProfiles.Write(profiles, "sleep", "sleep");
        return AgentHost.StartAsync(new AgentOptions
        {
            SocketPath = Path.Combine(root, "agent.sock"),
            EngineEndpoint = "unix:" + SocketPath,
            ProfilesDirectory = profiles,
            Policy = Odop.Scheduling.PolicyKind.Static,
        }, NullLoggerFactory.Instance);
    }

    protected EngineExecution Report(string id, EngineProcessState state) => new() { ExecutionId = id, Pid = Pid, State = state, Cpus = { 0 } };

    protected void Publish(EngineEvent engineEvent) => _events.Writer.TryWrite(engineEvent);

    private async Task StreamEventsAsync(EngineEventsRequest request, IServerStreamWriter<EngineEvent> writer, ServerCallContext context)
    {
        await foreach (var e in _events.Reader.ReadAllAsync(context.CancellationToken)) await writer.WriteAsync(e);
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
