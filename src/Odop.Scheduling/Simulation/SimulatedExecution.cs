namespace Odop.Scheduling.Simulation;

/// <summary>
/// A side-task execution to replay: it needs <paramref name="Cores"/> whole cores and, at full speed
/// on all of them, runs for <paramref name="Duration"/>; its work is Cores × Duration core-seconds.
/// </summary>
/// <param name="Arrival">When it joins the queue.</param>
/// <param name="Estimate">The profile's time estimate the scheduler sees; the true duration when null.</param>
public sealed record SimulatedExecution(string Id, int Cores, TimeSpan Duration, TimeSpan Arrival = default,
    long MemoryBytes = 0, TimeSpan? Estimate = null, int Priority = 0)
{
    public double WorkCoreSeconds => Cores * Duration.TotalSeconds;

    /// <summary><paramref name="count"/> executions of one shape, ids "{prefix}-0…", arriving every <paramref name="every"/> from <paramref name="first"/>.</summary>
    public static IReadOnlyList<SimulatedExecution> Series(string prefix, int count, int cores, TimeSpan duration,
        TimeSpan first = default, TimeSpan every = default) =>
        [.. Enumerable.Range(0, count).Select(i => new SimulatedExecution($"{prefix}-{i}", cores, duration, first + every * i))];
}
