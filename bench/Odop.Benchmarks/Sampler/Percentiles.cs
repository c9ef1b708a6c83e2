namespace Odop.Benchmarks.Sampler;

/// <summary>Nearest-rank percentiles of timings in microseconds.</summary>
internal readonly record struct Percentiles(double P50, double P99, double Max, double Mean)
{
    public static Percentiles Of(double[] micros)
    {
        var sorted = micros.Order().ToArray();
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(At(0.50), At(0.99), sorted[^1], sorted.Average());
    }

    public override string ToString() => $"p50 {P50,8:F1} µs   p99 {P99,8:F1} µs   max {Max,8:F1} µs   mean {Mean,8:F1} µs";
}
