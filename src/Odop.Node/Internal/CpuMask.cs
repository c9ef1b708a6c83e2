using Odop.Core.Hardware;

namespace Odop.Node.Internal;

/// <summary>Converts between <see cref="CpuSet"/> and the kernel's cpu_set_t bit mask.</summary>
internal static class CpuMask
{
    internal static void Fill(CpuSet cpus, Span<byte> mask)
    {
        mask.Clear();
        foreach (var id in cpus.Ids) mask[id >> 3] |= (byte)(1 << (id & 7));
    }

    internal static CpuSet Read(ReadOnlySpan<byte> mask)
    {
        var ids = new List<int>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] == 0) continue;
            for (var bit = 0; bit < 8; bit++)
                if ((mask[i] & (1 << bit)) != 0) ids.Add(i * 8 + bit);
        }
        return CpuSet.Of(ids);
    }
}
