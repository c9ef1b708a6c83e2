namespace Odop.Scheduling.Admission;

/// <summary>
/// What the odop policy remembers per core between rounds: the latest load (usage that is neither
/// ours nor reclaimable), how many samples in a row it has been idle, and whether it is cooling
/// down after a reclaim. Arrays by core id; nothing is allocated once the largest id has been seen.
/// </summary>
internal sealed class CoreLoads
{
    private double[] _load = new double[64];
    private bool[] _seen = new bool[64];
    private int[] _idleStreak = new int[64];
    private bool[] _cooling = new bool[64];

    public double Load(int core) => core < _load.Length ? _load[core] : 0;
    public bool Seen(int core) => core < _seen.Length && _seen[core];
    public int IdleStreak(int core) => core < _idleStreak.Length ? _idleStreak[core] : 0;

    /// <summary>Reclaimed by the simulation and not yet idle long enough to be handed out again.</summary>
    public bool Cooling(int core) => core < _cooling.Length && _cooling[core];

    /// <summary>Records one sample per core; a cooling core is released once idle <paramref name="reuseAfter"/> samples in a row.</summary>
    public void Observe(CoreSample sample, double idleThreshold, int reuseAfter)
    {
        var core = sample.Core;
        if (core < 0) return;
        if (core >= _load.Length) Grow(core);
        var load = sample.Load;
        _load[core] = load;
        _seen[core] = true;
        _idleStreak[core] = load < idleThreshold ? _idleStreak[core] + 1 : 0;
        if (_cooling[core] && _idleStreak[core] >= reuseAfter) _cooling[core] = false;
    }

    public void MarkReclaimed(int core)
    {
        if (core >= _load.Length) Grow(core);
        _cooling[core] = true;
        _idleStreak[core] = 0;
    }

    private void Grow(int core)
    {
        var size = Math.Max(core + 1, _load.Length * 2);
        Array.Resize(ref _load, size);
        Array.Resize(ref _seen, size);
        Array.Resize(ref _idleStreak, size);
        Array.Resize(ref _cooling, size);
    }
}
