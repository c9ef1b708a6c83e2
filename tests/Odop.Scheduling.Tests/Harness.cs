using Odop.Core.Hardware;
using Odop.Scheduling.Placement;

namespace Odop.Scheduling.Tests;

/// <summary>
/// Drives a <see cref="SchedulerCore"/> one sample at a time, the way the agent loop would: it keeps
/// the queue (starts leave it, requeues come back), reports ended executions, and logs every command
/// with the round it came in. No clock: round r is at r × 100 ms.
/// </summary>
internal sealed class Harness
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    private readonly List<string> _ended = [];

    public Harness(int cores, SchedulerOptions? options = null)
    {
        Scheduler = new SchedulerCore(options);
        Node = new NodeFacts(CpuSet.Range(0, cores));
        Cores = cores;
    }

    public SchedulerCore Scheduler { get; }
    public NodeFacts Node { get; set; }
    public int Cores { get; }
    public List<PlacementRequest> Queue { get; } = [];
    public List<(int Round, SchedulerCommand Command)> Log { get; } = [];
    public int Round { get; private set; }
    public SchedulingDecision Last { get; private set; } = SchedulingDecision.Nothing;

    public Harness Enqueue(string id, int cores = 1, long memory = 0, TimeSpan? time = null, bool forced = false, CpuSet? previous = null)
    {
        Queue.Add(new PlacementRequest(id, 0, Queue.Count + Round * 1000, cores, forced, MemoryBytes: memory, Time: time, PreviousCpus: previous));
        return this;
    }

    public void End(string id) => _ended.Add(id);

    /// <summary>One round with these per-core loads (usage by the simulation; no side-task share).</summary>
    public SchedulingDecision Step(params double[] loads) =>
        Step([.. loads.Select((load, core) => new CoreSample(core, load))]);

    public SchedulingDecision Step(IReadOnlyList<CoreSample> samples)
    {
        var input = new SchedulingInput(Period * Round, Node, samples, [.. Queue]) { Ended = [.. _ended] };
        _ended.Clear();
        Last = Scheduler.Decide(input);
        foreach (var command in Last.Commands)
        {
            Log.Add((Round, command));
            if (command is Start) Queue.RemoveAll(r => r.ExecutionId == command.ExecutionId);
            if (command is StopAndRequeue) Enqueue(command.ExecutionId);
        }
        Round++;
        return Last;
    }

    /// <summary><paramref name="rounds"/> rounds where core c's load is <paramref name="load"/>(round, c).</summary>
    public Harness Run(int rounds, Func<int, int, double> load)
    {
        for (var i = 0; i < rounds; i++)
        {
            var r = Round;
            Step([.. Enumerable.Range(0, Cores).Select(c => load(r, c))]);
        }
        return this;
    }

    public IEnumerable<T> Commands<T>() where T : SchedulerCommand => Log.Select(e => e.Command).OfType<T>();

    public CpuSet CpusOf(string id) => Scheduler.Tasks.Single(t => t.ExecutionId == id).Cpus;

    /// <summary>A quiet core: 2% load with a little seeded jitter, so the predictor has errors to score.</summary>
    public static double Quiet(int round, int core) => 0.02 + 0.01 * (((round * 7 + core * 13) % 5) - 2) / 2.0;

    public const double Busy = 0.96;
}
