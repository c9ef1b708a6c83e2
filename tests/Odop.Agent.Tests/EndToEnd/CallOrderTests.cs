using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Odop.Agent.Tests.Support;
using Odop.Client;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>
/// Verbs that cross a start still in flight. The engine here is a scripted peer on a real socket whose start
/// answers only when the test lets it: every later call for that execution must reach it after that answer,
/// never before (where the real engine would say NOT_FOUND and the agent's book would part from the process).
/// </summary>
public class CallOrderTests
{
    [Test]
    public async Task APauseAskedWhileStarting_ReachesTheEngineAfterTheStart_AndTheExecutionEndsPaused()
    {
        await using var setup = await Setup.StartAsync();
        var id = await setup.EnqueueUntilStartingAsync();

        var pause = setup.Client.PauseAsync(id);
        await Task.Delay(300);
        Assert.That(pause.IsCompleted, Is.False, "the pause waits for the engine");
        setup.Engine.AnswerStarts();
        var paused = await pause;

        Assert.That(paused.State, Is.EqualTo(ExecutionState.Paused));
        Assert.That(paused.Transitions.Last().Reason, Is.EqualTo("paused by user"));
        Assert.That(setup.Engine.Calls, Is.EqualTo(new[] { "start", "pause" }));
        Assert.That(setup.Engine.CallsBeforeStartAnswered, Is.Zero);
    }

    [Test]
    public async Task AStopAskedWhileStarting_GoesOutOnceAfterTheStart_AndEndsTheExecution()
    {
        await using var setup = await Setup.StartAsync();
        var id = await setup.EnqueueUntilStartingAsync();

        var stop = setup.Client.StopAsync(id);
        await Task.Delay(300);
        setup.Engine.AnswerStarts();
        var stopped = await stop;

        Assert.That(stopped.State, Is.EqualTo(ExecutionState.Stopped));
        Assert.That(setup.Engine.Calls, Is.EqualTo(new[] { "start", "stop" }), "one stop, after the start");
        Assert.That(setup.Engine.CallsBeforeStartAnswered, Is.Zero);
    }

    [Test]
    public async Task PauseThenResume_WhileStarting_ArriveInOrder_AndTheExecutionRuns()
    {
        await using var setup = await Setup.StartAsync();
        var id = await setup.EnqueueUntilStartingAsync();

        var pause = setup.Client.PauseAsync(id);
        await Task.Delay(200);
        setup.Engine.AnswerStarts();
        await pause;
        var resumed = await setup.Client.ResumeAsync(id);

        Assert.That(resumed.State, Is.EqualTo(ExecutionState.Running));
        Assert.That(resumed.Transitions.Select(t => (t.To, t.Reason)).TakeLast(2),
            Is.EqualTo(new[] { (ExecutionState.Paused, "paused by user"), (ExecutionState.Running, "resumed by user") }));
        Assert.That(setup.Engine.Calls, Is.EqualTo(new[] { "start", "pause", "resume" }));
        await setup.Client.StopAsync(id);
    }

    private sealed class Setup : IAsyncDisposable
    {
        private readonly string _root;
        private readonly Process _sleeper;
        private AgentHost _agent = null!;

        private Setup(string root, Process sleeper, GatedEngine engine) => (_root, _sleeper, Engine) = (root, sleeper, engine);

        public GatedEngine Engine { get; }
        public OdopClient Client { get; private set; } = null!;

        public static async Task<Setup> StartAsync()
        {
            var root = Directory.CreateTempSubdirectory("odop-call-order-").FullName;
            var sleeper = Process.Start("sleep", "60");
            var setup = new Setup(root, sleeper, new GatedEngine(Path.Combine(root, "engine.sock"), sleeper.Id));
            await setup.Engine.StartAsync();
            setup._agent = await setup.Engine.StartAgentAsync(root);
            setup.Client = OdopClient.Connect("unix:" + setup._agent.SocketPath);
            return setup;
        }

        /// <summary>Enqueues a `sleep` and waits until its start is with the engine, held there.</summary>
        public async Task<string> EnqueueUntilStartingAsync()
        {
            var id = (await Client.EnqueueAsync("sleep", new JsonObject { ["seconds"] = 60 })).ExecutionId;
            await ExecutionPolling.WaitForAsync(Client, id, e => e.State == ExecutionState.Starting, "starting");
            return id;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Engine.AnswerStarts();
            await _agent.DisposeAsync();
            await Engine.DisposeAsync();
            _sleeper.Kill();
            _sleeper.Dispose();
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Starts answer (running) once the test says so; pause, resume and stop answer at once, NOT_FOUND before a start has.</summary>
    private sealed class GatedEngine(string socketPath, int pid) : ScriptedEngine(socketPath, pid)
    {
        private readonly TaskCompletionSource _startsMayAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<string> _calls = new();
        private int _startsAnswered;
        private int _callsBeforeStartAnswered;

        public IReadOnlyList<string> Calls => [.. _calls];
        public int CallsBeforeStartAnswered => Volatile.Read(ref _callsBeforeStartAnswered);

        public void AnswerStarts() => _startsMayAnswer.TrySetResult();

        protected override GrpcServer Script(GrpcServer server) => server
            .AddUnary(EngineMethods.Start, StartAsync)
            .AddUnary(EngineMethods.Pause, (EngineRef r, ServerCallContext _) => Answer("pause", r.ExecutionId, EngineProcessState.Paused))
            .AddUnary(EngineMethods.Resume, (EngineRef r, ServerCallContext _) => Answer("resume", r.ExecutionId, EngineProcessState.Running))
            .AddUnary(EngineMethods.Stop, (StopCommand s, ServerCallContext _) => StopAsync(s));

        private async Task<EngineExecution> StartAsync(StartCommand start, ServerCallContext context)
        {
            _calls.Enqueue("start");
            await _startsMayAnswer.Task;
            Interlocked.Increment(ref _startsAnswered);
            return Report(start.ExecutionId, EngineProcessState.Running);
        }

        private Task<EngineExecution> Answer(string verb, string id, EngineProcessState state)
        {
            _calls.Enqueue(verb);
            if (Volatile.Read(ref _startsAnswered) == 0)
            {
                Interlocked.Increment(ref _callsBeforeStartAnswered);
                throw new RpcException(StatusCode.NotFound, $"no execution {id} on this engine");
            }
            return Task.FromResult(Report(id, state));
        }

        private async Task<EngineExecution> StopAsync(StopCommand stop)
        {
            var stopping = await Answer("stop", stop.ExecutionId, EngineProcessState.Running);
            var exited = Report(stop.ExecutionId, EngineProcessState.Exited);
            (exited.TermSignal, exited.StopRequested) = (15, true);
            Publish(new EngineEvent { Kind = EngineEventKind.Exited, Execution = exited });
            return stopping;
        }
    }
}
