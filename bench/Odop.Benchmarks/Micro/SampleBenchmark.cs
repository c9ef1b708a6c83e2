using BenchmarkDotNet.Attributes;
using Odop.Benchmarks.Sampler;
using Odop.Node.Sampling;

namespace Odop.Benchmarks.Micro;

/// <summary>One agent sample: the node (/proc/stat, meminfo, loadavg, net) plus 64 real processes.</summary>
public class SampleBenchmark
{
    private const int Processes = 64;
    private Sleepers? _sleepers;
    private ISystemSampler? _system;
    private IProcessSampler? _processes;
    private ProcessQuery[] _queries = [];

    [GlobalSetup]
    public void Setup()
    {
        _sleepers = new Sleepers(Processes);
        _queries = _sleepers.Pids.Select(pid => new ProcessQuery(pid)).ToArray();
        _system = SystemSampler.Create();
        _processes = ProcessSampler.Create();
    }

    [Benchmark(Description = "system + 64 processes")]
    public int OneSample() => _system!.Sample().Cores.Count + _processes!.Sample(_queries).Count;

    [Benchmark(Description = "system only")]
    public int SystemOnly() => _system!.Sample().Cores.Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        _processes?.Dispose();
        _system?.Dispose();
        _sleepers?.Dispose();
    }
}
