using BenchmarkDotNet.Attributes;
using Odop.Core.Hardware;
using Odop.Scheduling;
using Odop.Scheduling.Placement;

namespace Odop.Benchmarks.Micro;

/// <summary>
/// One odop scheduling decision on a 128-core node with 10,000 queued executions. "busy": every core
/// is loaded, so nothing fits (the common round). "full walk": one idle core and every request needs
/// two, so each of the 10,000 goes through the filter chain (the worst case).
/// </summary>
public class DecideMicroBenchmark
{
    private const int Cores = 128;
    private const int Queued = 10_000;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private SchedulerCore _scheduler = new();
    private NodeFacts _facts = new(CpuSet.Range(0, Cores));
    private List<PlacementRequest> _queue = [];
    private CoreSample[] _samples = [];
    private long _round;

    [Params("busy", "full walk")]
    public string Case { get; set; } = "busy";

    [GlobalSetup]
    public void Setup()
    {
        _scheduler = new SchedulerCore();
        _facts = new NodeFacts(CpuSet.Range(0, Cores)) { TotalMemoryBytes = 512L << 30, AvailableMemoryBytes = 200L << 30 };
        var walk = Case == "full walk";
        _queue = Enumerable.Range(0, Queued)
            .Select(i => new PlacementRequest($"exec-{i:D6}", 0, i, Cores: walk ? 2 : 1 + i % 4, Time: TimeSpan.FromSeconds(5 + i % 115)))
            .ToList();
        _samples = Enumerable.Range(0, Cores).Select(c => new CoreSample(c, walk && c == Cores - 1 ? 0.02 : 0.96)).ToArray();
        // Warm the predictor so every timed decision sees a fitted model, as in a running agent.
        for (var i = 0; i < 200; i++) Decide();
    }

    [Benchmark(Description = "decide, 128 cores, 10,000 queued")]
    public int Decide() => _scheduler.Decide(new SchedulingInput(Period * ++_round, _facts, _samples, _queue)).Commands.Count;
}
