using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Odop.Agent.Tests.Support;
using Odop.Client;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>
/// A stop that crosses the process's exit: the engine has already forgotten the execution (NOT_FOUND), and
/// the exit arrives on its event stream after that answer. The engine here is a scripted peer on a real
/// socket, since the real one cannot be made to lose that race on purpose.
/// </summary>
public class StopRaceTests
{
    [Test]
    public async Task AStopAnsweredNotFound_BecauseTheProcessJustExited_EndsWithTheExit_NotWithAnError()
    {
        var root = Directory.CreateTempSubdirectory("odop-stop-race-").FullName;
        using var sleeper = Process.Start("sleep", "60");
        try
        {
            await using var engine = await ScriptedEngine.StartAsync(Path.Combine(root, "engine.sock"), sleeper.Id);
            var profiles = Directory.CreateDirectory(Path.Combine(root, "profiles")).FullName;
            TestProfiles.Write(profiles, "sleep", "sleep");
            await using var agent = await AgentHost.StartAsync(new AgentOptions
            {
                SocketPath = Path.Combine(root, "agent.sock"),
                EngineEndpoint = "unix:" + engine.SocketPath,
                ProfilesDirectory = profiles,
                Policy = Odop.Scheduling.PolicyKind.Static,
            }, NullLoggerFactory.Instance);
            using var client = OdopClient.Connect("unix:" + agent.SocketPath);
            var id = (await client.EnqueueAsync("sleep", new JsonObject { ["seconds"] = 60 })).ExecutionId;
            await ExecutionPolling.WaitForAsync(client, id, e => e.State == ExecutionState.Running, "running");

            var stopped = await client.StopAsync(id);

            Assert.That(engine.StopsAnswered, Is.EqualTo(1), "the engine answered the stop with NOT_FOUND before the exit");
            Assert.That(stopped.State, Is.EqualTo(ExecutionState.Stopped));
            Assert.That(stopped.Reason, Is.EqualTo("stopped by user"));
        }
        finally
        {
            sleeper.Kill();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Starts report the given pid as running; a stop is answered NOT_FOUND, and the exit (stop requested)
    /// follows on the event stream 300 ms later.
    /// </summary>
    private sealed class ScriptedEngine : IAsyncDisposable
    {
        private readonly Channel<EngineEvent> _events = Channel.CreateUnbounded<EngineEvent>();
        private readonly GrpcServer _server;
        private readonly int _pid;
        private int _stops;

        private ScriptedEngine(string socketPath, int pid)
        {
            _pid = pid;
            SocketPath = socketPath;
            _server = new GrpcServer(new GrpcServerOptions { UnixSocketPath = socketPath })
                .AddUnary(EngineMethods.List, (EngineListRequest _, ServerCallContext _) => Task.FromResult(new EngineListReply()))
                .AddServerStreaming(EngineMethods.Events, StreamEventsAsync)
                .AddUnary(EngineMethods.Start, (StartCommand start, ServerCallContext _) => Task.FromResult(Running(start.ExecutionId)))
                .AddUnary(EngineMethods.Stop, StopAsync);
        }

        public string SocketPath { get; }

        public int StopsAnswered => Volatile.Read(ref _stops);

        public static async Task<ScriptedEngine> StartAsync(string socketPath, int pid)
        {
            var engine = new ScriptedEngine(socketPath, pid);
            await engine._server.StartAsync();
            return engine;
        }

        private EngineExecution Running(string id) =>
            new() { ExecutionId = id, Pid = _pid, State = EngineProcessState.Running, Cpus = { 0 } };

        private Task<EngineExecution> StopAsync(StopCommand stop, ServerCallContext context)
        {
            var exited = Running(stop.ExecutionId);
            (exited.State, exited.TermSignal, exited.StopRequested) = (EngineProcessState.Exited, 15, true);
            _ = Task.Delay(300).ContinueWith(_ => _events.Writer.TryWrite(new EngineEvent { Kind = EngineEventKind.Exited, Execution = exited }),
                TaskScheduler.Default);
            Interlocked.Increment(ref _stops);
            throw new RpcException(StatusCode.NotFound, $"no execution {stop.ExecutionId} on this engine");
        }

        private async Task StreamEventsAsync(EngineEventsRequest request, IServerStreamWriter<EngineEvent> writer, ServerCallContext context)
        {
            await foreach (var e in _events.Reader.ReadAllAsync(context.CancellationToken)) await writer.WriteAsync(e);
        }

        public ValueTask DisposeAsync() => _server.DisposeAsync();
    }
}
