namespace Odop.Scheduling;

/// <summary>
/// One core's latest utilisation sample, split by who used it.
/// </summary>
/// <param name="Usage">Total utilisation of the core over the last period, 0..1.</param>
/// <param name="SideTaskUsage">The part our own side tasks used (from their process samples).</param>
/// <param name="Reclaimable">The part simulation ranks spent waiting inside MPI (optional PMPI signal); 0 when unknown.</param>
public readonly record struct CoreSample(int Core, double Usage, double SideTaskUsage = 0, double Reclaimable = 0)
{
    /// <summary>What the simulation and everything else (not our side tasks, not MPI waits) needed: the load the scheduler predicts and yields to.</summary>
    public double Load
    {
        get
        {
            var load = Usage - Math.Max(0, SideTaskUsage) - Math.Max(0, Reclaimable);
            return double.IsNaN(load) ? 0 : Math.Clamp(load, 0, 1);
        }
    }
}
