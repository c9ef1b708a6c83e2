namespace Odop.Node.Sampling;

public sealed record SystemSamplerOptions
{
    /// <summary>Filesystem root holding proc/; tests point it at a fake tree.</summary>
    public string Root { get; init; } = "/";

    /// <summary>
    /// Memory, load average and network counters are read every this many samples, per-core counters
    /// every sample: at 10 Hz the slow ones cost as much kernel time as /proc/stat and change less often.
    /// </summary>
    public int SlowCountersEvery { get; init; } = 1;

    public bool QueryGpus { get; init; } = true;

    /// <summary>nvidia-smi to run; null looks it up on PATH. A missing file means no GPUs.</summary>
    public string? NvidiaSmiPath { get; init; }

    /// <summary>nvidia-smi costs tens of milliseconds, so it runs at most this often.</summary>
    public TimeSpan GpuQueryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A hung driver must not hold a query forever; after this the query is killed.</summary>
    public TimeSpan GpuQueryTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
