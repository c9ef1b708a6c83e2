namespace Odop.Node.Sampling.Internal;

/// <summary>The /proc implementation of <see cref="ISystemSampler"/>.</summary>
internal sealed class ProcSystemSampler : ISystemSampler
{
    private readonly TimeProvider _time;
    private readonly ProcFile _stat, _meminfo, _loadavg, _netDev;
    private readonly CpuUsageTracker _cpu = new();
    private readonly NetworkTracker _network = new();
    private readonly NvidiaSmiPoller _gpu;
    private readonly int _slowEvery;
    private long _lastNetTimestamp, _samples;
    private MemoryUsage _memory;
    private LoadAverage _load;
    private NetworkInterfaceUsage[] _networkUsage = [];

    public ProcSystemSampler(SystemSamplerOptions options, TimeProvider time)
    {
        _time = time;
        var proc = Path.Combine(options.Root, "proc");
        _stat = new ProcFile(Path.Combine(proc, "stat"), 16 * 1024, singleRecord: true); // the intr line alone can be kilobytes
        _meminfo = new ProcFile(Path.Combine(proc, "meminfo"), 8 * 1024, singleRecord: true);
        _loadavg = new ProcFile(Path.Combine(proc, "loadavg"), 128, singleRecord: true);
        _netDev = new ProcFile(Path.Combine(proc, "net", "dev"), 4 * 1024);
        var smi = options.QueryGpus ? ExecutableLocator.Find(options.NvidiaSmiPath ?? "nvidia-smi") : null;
        _gpu = new NvidiaSmiPoller(smi, options.GpuQueryInterval, options.GpuQueryTimeout, time);

        _slowEvery = Math.Max(1, options.SlowCountersEvery);
        _lastNetTimestamp = time.GetTimestamp();
        if (_stat.TryRead(out var stat)) _cpu.Prime(stat);
        if (_netDev.TryRead(out var net)) _network.Prime(net);
        _gpu.PollIfDue();
    }

    public SystemSample Sample()
    {
        var now = _time.GetTimestamp();

        double total = 0;
        CoreUsage[] cores = _stat.TryRead(out var stat) ? _cpu.Sample(stat, out total) : [];
        // Per-core counters every sample; memory, load and network every n-th (their last values meanwhile).
        if (_samples++ % _slowEvery == 0)
        {
            _memory = _meminfo.TryRead(out var mem) ? MemInfoParser.Parse(mem) : default;
            _load = _loadavg.TryRead(out var avg) ? LoadAvgParser.Parse(avg) : default;
            var netSeconds = _time.GetElapsedTime(_lastNetTimestamp, now).TotalSeconds;
            _lastNetTimestamp = now;
            _networkUsage = _netDev.TryRead(out var net) ? _network.Sample(net, netSeconds) : [];
        }
        _gpu.PollIfDue();
        return new SystemSample(_time.GetUtcNow(), total, cores, _memory, _load, _networkUsage, _gpu.Latest);
    }

    public void Dispose()
    {
        _gpu.Dispose();
        _stat.Dispose();
        _meminfo.Dispose();
        _loadavg.Dispose();
        _netDev.Dispose();
    }
}
