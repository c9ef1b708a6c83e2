namespace Odop.Agent.Loop;

/// <summary>One execution's share of the drain estimate: its profile time (what is left of it, for a live one) and the cores it needs.</summary>
internal readonly record struct DrainWork(TimeSpan Time, int Cores);

/// <summary>The estimate `odop info` shows, with the terms it was computed from.</summary>
internal readonly record struct DrainEstimateResult(TimeSpan Eta, int SideTaskCores, double QueuedCoreSeconds, double RunningCoreSeconds);

/// <summary>
/// How long the queue takes to drain at the current parallelism, assuming every execution runs
/// for its profile's `time` and the side-task cores are kept busy (perfect packing):
/// <code>
///   eta = (Σ_queued time_i × cores_i + Σ_live max(0, time_j − ran_j) × cores_j) / side_task_cores
/// </code>
/// side_task_cores is how many cores side tasks may use now (the agent's usable cores less those the
/// simulation's ranks are bound to), at least 1. A profile's time is a limit, so the estimate leans
/// long for tasks that finish early; it ignores cores the simulation leaves idle only now and then.
/// </summary>
internal static class DrainEstimator
{
    public static DrainEstimateResult Estimate(IEnumerable<DrainWork> queued, IEnumerable<DrainWork> live, int sideTaskCores)
    {
        var cores = Math.Max(1, sideTaskCores);
        var queuedWork = queued.Sum(w => Math.Max(0, w.Time.TotalSeconds) * Math.Max(1, w.Cores));
        var liveWork = live.Sum(w => Math.Max(0, w.Time.TotalSeconds) * Math.Max(1, w.Cores));
        return new DrainEstimateResult(TimeSpan.FromSeconds((queuedWork + liveWork) / cores), cores, queuedWork, liveWork);
    }
}
