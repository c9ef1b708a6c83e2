using System.Diagnostics;
using Odop.Core.Hardware;
using Odop.Scheduling;
using Odop.Scheduling.Placement;

namespace Odop.Benchmarks.Scheduling;

/// <summary>
/// The worst case for the queue walk: one idle core and 10,000 queued executions that each need two,
/// so no early stop applies and every request goes through the chain every round.
/// </summary>
internal static class FullWalk
{
    public static (double[] WallMicros, double[] CpuMicros, int Refused) Measure(int cores, int queued, int rounds)
    {
        var scheduler = new SchedulerCore();
        var facts = new NodeFacts(CpuSet.Range(0, cores));
        var queue = Enumerable.Range(0, queued).Select(i => new PlacementRequest($"pair-{i:D6}", 0, i, Cores: 2)).ToList();
        var samples = Enumerable.Range(0, cores).Select(c => new CoreSample(c, c == cores - 1 ? 0.02 : 0.97)).ToArray();
        var wall = new double[rounds];
        var cpu = new double[rounds];
        var refused = 0;
        for (var i = -200; i < rounds; i++) // the first 200 rounds warm the predictor and the JIT
        {
            var input = new SchedulingInput(TimeSpan.FromMilliseconds(100) * (i + 200), facts, samples, queue);
            var cpuStarted = ThreadCpuTime.Nanoseconds();
            var started = Stopwatch.GetTimestamp();
            var decision = scheduler.Decide(input);
            if (i < 0) continue;
            wall[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            cpu[i] = (ThreadCpuTime.Nanoseconds() - cpuStarted) / 1000.0;
            refused = decision.RefusedCount;
        }
        return (wall, cpu, refused);
    }
}
