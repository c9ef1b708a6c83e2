namespace Odop.Node.Sampling.Internal;

/// <summary>One "cpu" line of /proc/stat reduced to the two sums utilisation needs (USER_HZ ticks).</summary>
internal readonly record struct CpuTicks(int Id, ulong Busy, ulong Total)
{
    /// <summary>Id of the aggregate "cpu" line that sums all CPUs.</summary>
    public const int AggregateId = -1;
}
