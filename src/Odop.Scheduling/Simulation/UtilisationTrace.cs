namespace Odop.Scheduling.Simulation;

/// <summary>
/// Per-core utilisation of a node's simulation (and other non-side-task work) over time, one row
/// per sampling period; optionally the reclaimable share (time ranks spend inside MPI waits).
/// Values are 0..1 of a core.
/// </summary>
public sealed class UtilisationTrace
{
    private readonly double[][] _usage; // [sample][core]
    private readonly double[][]? _reclaimable;

    public UtilisationTrace(TimeSpan period, double[][] usage, double[][]? reclaimable = null)
    {
        if (period <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), "must be positive");
        if (usage.Length == 0) throw new ArgumentException("a trace needs at least one sample", nameof(usage));
        Cores = usage[0].Length;
        if (Cores == 0 || Array.Exists(usage, row => row.Length != Cores))
            throw new ArgumentException("every sample must give the same, non-zero number of cores", nameof(usage));
        if (reclaimable is not null && (reclaimable.Length != usage.Length || Array.Exists(reclaimable, row => row.Length != Cores)))
            throw new ArgumentException("reclaimable must have the shape of usage", nameof(reclaimable));
        Period = period;
        _usage = usage;
        _reclaimable = reclaimable;
    }

    public TimeSpan Period { get; }
    public int Cores { get; }
    public int Length => _usage.Length;
    public TimeSpan Duration => Period * Length;
    public bool HasReclaimable => _reclaimable is not null;

    public double Usage(int sample, int core) => _usage[sample][core];

    public double Reclaimable(int sample, int core) => _reclaimable?[sample][core] ?? 0;

    /// <summary>One core's utilisation over the whole trace.</summary>
    public double[] Core(int core)
    {
        var series = new double[Length];
        for (var t = 0; t < Length; t++) series[t] = _usage[t][core];
        return series;
    }

    /// <summary>These traces' cores side by side (this trace's cores first); lengths must match.</summary>
    public UtilisationTrace Beside(UtilisationTrace other)
    {
        if (other.Length != Length || other.Period != Period) throw new ArgumentException("traces must have the same length and period", nameof(other));
        var usage = new double[Length][];
        var reclaimable = HasReclaimable || other.HasReclaimable ? new double[Length][] : null;
        for (var t = 0; t < Length; t++)
        {
            usage[t] = [.. _usage[t], .. other._usage[t]];
            if (reclaimable is not null)
                reclaimable[t] = [.. _reclaimable?[t] ?? new double[Cores], .. other._reclaimable?[t] ?? new double[other.Cores]];
        }
        return new UtilisationTrace(Period, usage, reclaimable);
    }
}
