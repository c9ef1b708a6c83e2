using Odop.Engine.Supervision;
using Odop.Node.Processes;
using Odop.Node.Proc;

namespace Odop.Engine.Internal;

/// <summary>Peaks of one execution's group over /proc samples, then the final rusage. Guarded by the supervisor lock.</summary>
internal sealed class UsageAccumulator
{
    /// <summary>
    /// The engine's own peak RSS when the task was spawned. posix_spawn shares the engine's memory until
    /// exec, and at exec the kernel folds that memory's high-water mark into the child's ru_maxrss: a
    /// ru_maxrss not above it says nothing about the task, so only the /proc samples count then.
    /// </summary>
    private readonly long _spawnerPeakRss = SpawnerPeakRss();

    private long _cpuTicks;
    private long _peakRss;
    private int _peakThreads;
    private ChildExit? _exit;

    internal void AddSample(GroupSample sample)
    {
        _cpuTicks = Math.Max(_cpuTicks, sample.CpuTicks);
        _peakRss = Math.Max(_peakRss, sample.RssBytes);
        _peakThreads = Math.Max(_peakThreads, sample.Threads);
    }

    internal void Finish(ChildExit exit) => _exit = exit;

    internal ExecutionUsage ToUsage(TimeSpan wall)
    {
        var sampledCpu = (double)_cpuTicks / ProcStat.TicksPerSecond;
        if (_exit is null) return new ExecutionUsage(sampledCpu, _peakRss, _peakThreads, wall.TotalSeconds);
        // A process that ran had at least one thread, even if it ended before the first sample.
        return new ExecutionUsage(
            Math.Max(sampledCpu, _exit.TotalCpu.TotalSeconds),
            Math.Max(_peakRss, _exit.MaxRssBytes > _spawnerPeakRss ? _exit.MaxRssBytes : 0),
            Math.Max(_peakThreads, 1),
            wall.TotalSeconds);
    }

    private static long SpawnerPeakRss() => ProcStatus.Read(Environment.ProcessId)?.PeakRssBytes ?? long.MaxValue;
}
