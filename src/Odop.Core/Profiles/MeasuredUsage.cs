using System.Text.Json.Nodes;
using Odop.Core.Internal;

namespace Odop.Core.Profiles;

/// <summary>What one execution used, as the engine measured it.</summary>
public sealed record MeasuredUsage
{
    public MeasuredUsage(double cpuSeconds, long peakRssBytes, int peakThreads, double wallSeconds)
    {
        CpuSeconds = NonNegative(cpuSeconds, nameof(cpuSeconds));
        ArgumentOutOfRangeException.ThrowIfNegative(peakRssBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(peakThreads);
        PeakRssBytes = peakRssBytes;
        PeakThreads = peakThreads;
        WallSeconds = NonNegative(wallSeconds, nameof(wallSeconds));
    }

    /// <summary>User plus system CPU time of the whole process tree.</summary>
    public double CpuSeconds { get; }
    public long PeakRssBytes { get; }
    public int PeakThreads { get; }
    public double WallSeconds { get; }

    private static double NonNegative(double value, string name) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be a finite number, 0 or more");

    internal JsonObject ToJson() => new()
    {
        ["cpu_seconds"] = CpuSeconds,
        ["peak_rss_bytes"] = PeakRssBytes,
        ["peak_threads"] = PeakThreads,
        ["wall_seconds"] = WallSeconds,
    };

    internal static MeasuredUsage Read(JsonObject o, string path)
    {
        var cpu = Number(o, path, "cpu_seconds");
        var rss = Number(o, path, "peak_rss_bytes");
        var threads = Number(o, path, "peak_threads");
        var wall = Number(o, path, "wall_seconds");
        if (rss != Math.Floor(rss) || rss > long.MaxValue) throw new OdopValidationException(null, JsonFields.Join(path, "peak_rss_bytes"), "must be a whole number of bytes");
        if (threads != Math.Floor(threads) || threads > int.MaxValue) throw new OdopValidationException(null, JsonFields.Join(path, "peak_threads"), "must be a whole number");
        return new MeasuredUsage(cpu, (long)rss, (int)threads, wall);
    }

    private static double Number(JsonObject o, string path, string key)
    {
        var node = o[key] ?? throw JsonFields.Missing(path, key);
        if (JsonFields.Number(node) is { } value && double.IsFinite(value) && value >= 0) return value;
        throw new OdopValidationException(null, JsonFields.Join(path, key), $"must be a number, 0 or more, not {node.ToJsonString()}");
    }
}
