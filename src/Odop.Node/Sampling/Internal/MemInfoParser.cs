namespace Odop.Node.Sampling.Internal;

/// <summary>Parses /proc/meminfo into <see cref="MemoryUsage"/> (bytes).</summary>
internal static class MemInfoParser
{
    public static MemoryUsage Parse(ReadOnlySpan<byte> text)
    {
        long total = 0, free = 0, buffers = 0, cached = 0, swapTotal = 0, swapFree = 0;
        long available = -1;
        var cursor = new ByteCursor(text);
        while (!cursor.IsEmpty)
        {
            var line = cursor.NextLine();
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue;
            var key = line[..colon];
            var fields = new ByteCursor(line[(colon + 1)..]);
            if (!fields.TryNextInt64(out var value)) continue;
            if (fields.NextToken().SequenceEqual("kB"u8)) value *= 1024;

            if (key.SequenceEqual("MemTotal"u8)) total = value;
            else if (key.SequenceEqual("MemFree"u8)) free = value;
            else if (key.SequenceEqual("MemAvailable"u8)) available = value;
            else if (key.SequenceEqual("Buffers"u8)) buffers = value;
            else if (key.SequenceEqual("Cached"u8)) cached = value;
            else if (key.SequenceEqual("SwapTotal"u8)) swapTotal = value;
            else if (key.SequenceEqual("SwapFree"u8)) { swapFree = value; break; } // last key we need
        }
        // Kernels before 3.14 have no MemAvailable; free + buffers + cache is the classic estimate.
        if (available < 0) available = Math.Min(total, free + buffers + cached);
        return new MemoryUsage(total, available, Math.Max(0, total - available), swapTotal, swapFree);
    }
}
