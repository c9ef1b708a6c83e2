using Odop.Core.Quantities;

namespace Odop.Core.Profiles;

/// <summary>
/// Turns what an execution used into a profile update (DESIGN section 5, step 6), so the next
/// placement asks for what the task really uses. Pure: the caller passes the time and writes the result.
/// </summary>
public static class ProfileUsageFeedback
{
    /// <summary>Weight of the newest run in the running mean; 0.5 forgets old runs within a few executions.</summary>
    public const double Alpha = 0.5;

    /// <summary>Max values (and the time limit) are the estimate times this, so ordinary variation does not hit a limit.</summary>
    public const double Headroom = 1.2;

    private const long MemoryGranule = 1L << 20; // round memory up to whole MiB so it prints as "…Mi"

    /// <summary>
    /// The update after one more run. Min values are the estimate (what the task needs to be placed),
    /// max values the estimate with headroom; min never exceeds max and never drops below 1 mcpu or
    /// 1 thread. Time is treated as a limit too (a run past it times out), so it gets the headroom.
    /// </summary>
    public static ProfileUpdate Apply(TaskProfile profile, MeasuredUsage usage, DateTimeOffset at)
    {
        var previous = profile.Measured;
        var ewma = previous is null ? usage : Blend(previous.Ewma, usage);
        var stats = new MeasuredStats((previous?.Runs ?? 0) + 1, usage, ewma, at);

        var mcpu = ewma.WallSeconds > 0 ? ewma.CpuSeconds / ewma.WallSeconds * 1000 : 0;
        var (cpusMin, cpusMax) = MinMax(mcpu, floor: 1, granule: 1);
        var (memoryMin, memoryMax) = MinMax(ewma.PeakRssBytes, floor: 0, granule: MemoryGranule);
        // Threads: the profile's own min stays. A measured thread count is not parallelism (an interpreter
        // keeps idle helper threads; the CPU measure above is what the task really runs in parallel), and
        // placement gives each threads.min a core of its own, so raising it from a count made a one-core
        // task wait for three cores. The peak seen only widens the max.
        var threadsMin = (long)Math.Max(1, profile.Requirement.Threads.Min);
        var threadsMax = Math.Max(threadsMin, MinMax(ewma.PeakThreads, floor: 1, granule: 1).Max);
        var seconds = Math.Max(1, Math.Ceiling(ewma.WallSeconds * Headroom));

        return new ProfileUpdate
        {
            TaskId = profile.TaskId,
            Time = DurationQuantity.FromSeconds(seconds),
            CpusMin = new CpuQuantity(cpusMin),
            CpusMax = new CpuQuantity(cpusMax),
            MemoryMin = new MemoryQuantity(memoryMin),
            MemoryMax = new MemoryQuantity(memoryMax),
            ThreadsMin = checked((int)threadsMin),
            ThreadsMax = checked((int)threadsMax),
            Measured = stats,
        };
    }

    private static MeasuredUsage Blend(MeasuredUsage old, MeasuredUsage now) => new(
        Mix(old.CpuSeconds, now.CpuSeconds),
        (long)Math.Round(Mix(old.PeakRssBytes, now.PeakRssBytes)),
        // Round threads up: asking for half a thread too few is worse than one too many.
        (int)Math.Ceiling(Mix(old.PeakThreads, now.PeakThreads)),
        Mix(old.WallSeconds, now.WallSeconds));

    private static double Mix(double old, double now) => Alpha * now + (1 - Alpha) * old;

    /// <summary>(estimate, estimate × headroom), each rounded up to <paramref name="granule"/> and at least <paramref name="floor"/>.</summary>
    private static (long Min, long Max) MinMax(double estimate, long floor, long granule)
    {
        var min = Math.Max(floor, RoundUp(estimate, granule));
        var max = Math.Max(min, RoundUp(estimate * Headroom, granule));
        return (min, max);
    }

    // The small slack keeps float noise (500 × 1.2 = 600.0000000001) from adding a whole unit.
    private static long RoundUp(double value, long granule) => checked((long)Math.Ceiling(value / granule - 1e-9) * granule);
}
