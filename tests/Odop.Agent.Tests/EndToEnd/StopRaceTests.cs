using System.Diagnostics;
using System.Text.Json.Nodes;
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
            await using var engine = new StopAnsweredNotFoundEngine(Path.Combine(root, "engine.sock"), sleeper.Id);
            await engine.StartAsync();
            await using var agent = await engine.StartAgentAsync(root);
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
    private sealed class StopAnsweredNotFoundEngine(string socketPath, int pid) : ScriptedEngine(socketPath, pid)
    {
        private int _stops;

        public int StopsAnswered => Volatile.Read(ref _stops);

        protected override GrpcServer Script(GrpcServer server) => server
            .AddUnary(EngineMethods.Start, (StartCommand start, ServerCallContext _) => Task.FromResult(Report(start.ExecutionId, EngineProcessState.Running)))
            .AddUnary(EngineMethods.Stop, StopAsync);

        private Task<EngineExecution> StopAsync(StopCommand stop, ServerCallContext context)
        {
            var exited = Report(stop.ExecutionId, EngineProcessState.Exited);
            (exited.TermSignal, exited.StopRequested) = (15, true);
            _ = Task.Delay(300).ContinueWith(_ => Publish(new EngineEvent { Kind = EngineEventKind.Exited, Execution = exited }), TaskScheduler.Default);
            Interlocked.Increment(ref _stops);
            throw new RpcException(StatusCode.NotFound, $"no execution {stop.ExecutionId} on this engine");
        }
    }
}
