namespace Odop.Scheduling.Simulation;

/// <summary>
/// Seeded generators of the utilisation shapes the scheduler must handle. Every sample is the mean
/// utilisation over its period (so a phase edge inside a period gives an in-between value), plus
/// Gaussian noise, clamped to 0..1. Same arguments and seed, same trace.
/// </summary>
public static class SyntheticTraces
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Bulk-synchronous compute/communicate phases: each core computes at <paramref name="busy"/> for
    /// <paramref name="compute"/>, then waits at <paramref name="idle"/> for <paramref name="communicate"/>.
    /// <paramref name="phaseSpread"/> is the largest start offset between cores, as a fraction of one
    /// period (0: all ranks in step).
    /// </summary>
    public static UtilisationTrace Bursty(int cores, int samples, TimeSpan compute, TimeSpan communicate, int seed,
        double busy = 0.95, double idle = 0.03, double noise = 0.02, double phaseSpread = 0, TimeSpan? period = null)
    {
        var dt = (period ?? DefaultPeriod).TotalSeconds;
        var c = compute.TotalSeconds;
        var cycle = c + communicate.TotalSeconds;
        var random = new Random(seed);
        var offsets = Enumerable.Range(0, cores).Select(_ => random.NextDouble() * phaseSpread * cycle).ToArray();
        return Build(cores, samples, period, seed, noise, (t, core) =>
        {
            var start = t * dt + offsets[core];
            var busyShare = (BusyUntil(start + dt) - BusyUntil(start)) / dt;
            return busyShare * busy + (1 - busyShare) * idle;
        });

        // Busy seconds in [0, x) of a cycle that begins with c seconds of compute.
        double BusyUntil(double x) => Math.Floor(x / cycle) * c + Math.Min(x % cycle, c);
    }

    /// <summary>A linear ramp from <paramref name="from"/> to <paramref name="to"/> over the trace.</summary>
    public static UtilisationTrace Ramp(int cores, int samples, double from, double to, int seed, double noise = 0.02, TimeSpan? period = null) =>
        Build(cores, samples, period, seed, noise, (t, _) => from + (to - from) * t / Math.Max(1, samples - 1));

    /// <summary>
    /// A seeded random walk per core: each step moves by up to ±<paramref name="step"/> and, with
    /// probability <paramref name="jumpChance"/>, jumps to a new uniform level.
    /// </summary>
    public static UtilisationTrace Random(int cores, int samples, int seed, double step = 0.05, double jumpChance = 0.02, TimeSpan? period = null)
    {
        var random = new Random(seed);
        var level = Enumerable.Range(0, cores).Select(_ => random.NextDouble()).ToArray();
        var usage = new double[samples][];
        for (var t = 0; t < samples; t++)
        {
            usage[t] = new double[cores];
            for (var core = 0; core < cores; core++)
            {
                level[core] = random.NextDouble() < jumpChance
                    ? random.NextDouble()
                    : Math.Clamp(level[core] + (random.NextDouble() * 2 - 1) * step, 0, 1);
                usage[t][core] = level[core];
            }
        }
        return new UtilisationTrace(period ?? DefaultPeriod, usage);
    }

    /// <summary>Every core at <paramref name="level"/> (default: the simulation uses the whole node).</summary>
    public static UtilisationTrace FullyBusy(int cores, int samples, int seed, double level = 0.98, double noise = 0.01, TimeSpan? period = null) =>
        Build(cores, samples, period, seed, noise, (_, _) => level);

    /// <summary>Cores nobody needs, with background noise around <paramref name="level"/> (daemons, the agent itself).</summary>
    public static UtilisationTrace Idle(int cores, int samples, int seed, double level = 0.02, double noise = 0.02, TimeSpan? period = null) =>
        Build(cores, samples, period, seed, noise, (_, _) => level);

    private static UtilisationTrace Build(int cores, int samples, TimeSpan? period, int seed, double noise, Func<int, int, double> shape)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var random = new Random(seed);
        var usage = new double[samples][];
        for (var t = 0; t < samples; t++)
        {
            usage[t] = new double[cores];
            for (var core = 0; core < cores; core++)
                usage[t][core] = Math.Clamp(shape(t, core) + noise * Gaussian(random), 0, 1);
        }
        return new UtilisationTrace(period ?? DefaultPeriod, usage);
    }

    /// <summary>A standard normal draw (Box–Muller) from a seeded generator.</summary>
    internal static double Gaussian(System.Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
