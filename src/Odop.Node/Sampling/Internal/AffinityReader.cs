using Odop.Core.Hardware;

namespace Odop.Node.Sampling.Internal;

/// <summary>
/// Reads a process's allowed CPUs and keeps the last answer per process, so an unchanged affinity
/// (the usual case) costs one syscall and no allocation.
/// </summary>
internal sealed class AffinityReader
{
    private const int Words = (CpuSet.MaxCpuId + 1) / 64;
    private readonly ulong[] _mask = new ulong[Words];

    /// <summary>The allowed CPUs of <paramref name="pid"/>, reusing <paramref name="cache"/> when unchanged.</summary>
    public CpuSet? Read(int pid, ref AffinityCache cache)
    {
        if (!Native.TryGetAffinity(pid, _mask)) return null;
        var used = Words;
        while (used > 0 && _mask[used - 1] == 0) used--;
        var mask = _mask.AsSpan(0, used);
        if (cache.Set is not null && mask.SequenceEqual(cache.Mask)) return cache.Set;

        var ids = new List<int>();
        for (var w = 0; w < used; w++)
            for (var bits = mask[w]; bits != 0; bits &= bits - 1)
                ids.Add(w * 64 + System.Numerics.BitOperations.TrailingZeroCount(bits));
        cache = new AffinityCache(mask.ToArray(), CpuSet.Of(ids));
        return cache.Set;
    }
}

internal record struct AffinityCache(ulong[] Mask, CpuSet? Set);
