using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Odop.Agent;
using Odop.Client;
using Odop.Engine.Hosting;

namespace Odop.Benchmarks.Micro;

/// <summary>
/// One enqueue round trip: OdopClient over a real Unix socket to a real agent (with an engine beside
/// it), acknowledged after the store has it: in memory, or committed to SQLite (WAL) as `odop run` does.
/// The task asks for more memory than any node has, so the agent keeps it queued and starts nothing.
/// </summary>
public class EnqueueBenchmark
{
    private string _folder = "";
    private EngineHost? _engine;
    private AgentHost? _agent;
    private OdopClient? _client;
    private readonly JsonObject _options = new() { ["input"] = "/scratch/out/step_0001_rank_0.dat", ["step"] = 1 };

    [Params("memory", "sqlite")]
    public string Store { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("odop-enqueue-bench-").FullName;
        var profiles = Directory.CreateDirectory(Path.Combine(_folder, "profiles")).FullName;
        File.WriteAllText(Path.Combine(profiles, "noop.json"), """
            { "task_id": "noop", "metadata": { "name": "noop" },
              "execution_method": { "command": ["true"] },
              "execution_requirement": { "time": "1min", "cpus": { "max": "1", "min": "1" },
                "memory": { "max": "64Ti", "min": "64Ti" }, "threads": { "max": "1", "min": "1" } } }
            """);
        var loggers = NullLoggerFactory.Instance;
        _engine = EngineHost.StartAsync(new EngineHostOptions
        {
            SocketPath = Path.Combine(_folder, "engine.sock"),
            LogDirectory = Path.Combine(_folder, "logs"),
        }, loggers).GetAwaiter().GetResult();
        _agent = AgentHost.StartAsync(new AgentOptions
        {
            SocketPath = Path.Combine(_folder, "agent.sock"),
            EngineEndpoint = "unix:" + _engine.SocketPath,
            ProfilesDirectory = profiles,
            StorePath = Store == "sqlite" ? Path.Combine(_folder, "agent.db") : null,
        }, loggers).GetAwaiter().GetResult();
        _client = OdopClient.Connect("unix:" + _agent.SocketPath);
    }

    [Benchmark(Description = "enqueue round trip")]
    public async Task<bool> Enqueue() => (await _client!.EnqueueAsync("noop", _options)).Created;

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _agent?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _engine?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }
}
