using System.Runtime.Versioning;
using Odop.Node.Sampling;

namespace Odop.Node.Tests.Sampling;

public class SystemSamplerTests
{
    private TempTree _tree = null!;
    private ManualTime _time = null!;

    [SetUp]
    public void SetUp()
    {
        _tree = new TempTree();
        _time = new ManualTime();
        _tree.Write("proc/meminfo", "MemTotal: 1000 kB\nMemAvailable: 400 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n")
             .Write("proc/loadavg", "0.50 0.25 0.10 2/100 999\n");
        WriteCounters(cpu0: (busy: 100, idle: 900, iowait: 0), cpu1: (busy: 100, idle: 900, iowait: 0), ethRx: 1_000, ethTx: 500);
    }

    [TearDown]
    public void TearDown() => _tree.Dispose();

    private void WriteCounters((int busy, int idle, int iowait) cpu0, (int busy, int idle, int iowait) cpu1, long ethRx, long ethTx)
    {
        var all = (busy: cpu0.busy + cpu1.busy, idle: cpu0.idle + cpu1.idle, iowait: cpu0.iowait + cpu1.iowait);
        _tree.Write("proc/stat",
            $"cpu  {all.busy} 0 0 {all.idle} {all.iowait} 0 0 0 0 0\n"
            + $"cpu0 {cpu0.busy} 0 0 {cpu0.idle} {cpu0.iowait} 0 0 0 0 0\n"
            + $"cpu1 {cpu1.busy} 0 0 {cpu1.idle} {cpu1.iowait} 0 0 0 0 0\n"
            + "intr 1 2 3\n");
        _tree.Write("proc/net/dev",
            "Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n"
            + $"  eth0: {ethRx} 1 0 0 0 0 0 0 {ethTx} 1 0 0 0 0 0 0\n");
    }

    private ISystemSampler Create() =>
        SystemSampler.Create(new SystemSamplerOptions { Root = _tree.Root, QueryGpus = false }, _time);

    [Test]
    public void FirstSample_MeasuresFromTheBaselineTakenAtCreation()
    {
        using var sampler = Create();
        WriteCounters(cpu0: (150, 950, 0), cpu1: (100, 980, 20), ethRx: 3_000, ethTx: 1_500);
        _time.Advance(TimeSpan.FromSeconds(2));

        var s = sampler.Sample();

        Assert.That(s.Timestamp, Is.EqualTo(ManualTime.Start + TimeSpan.FromSeconds(2)));
        Assert.That(s.Cores, Is.EqualTo(new[] { new CoreUsage(0, 0.5), new CoreUsage(1, 0.0) }), "iowait is idle");
        Assert.That(s.CpuUsage, Is.EqualTo(50.0 / 200));
        var eth = s.Network.Single();
        Assert.That((eth.Name, eth.RxBytes, eth.TxBytes, eth.RxBytesPerSecond, eth.TxBytesPerSecond),
            Is.EqualTo(("eth0", 3_000L, 1_500L, 1_000.0, 500.0)));
    }

    [Test]
    public void Sample_ReadsMemoryAndLoad()
    {
        using var sampler = Create();
        var s = sampler.Sample();

        Assert.That(s.Memory, Is.EqualTo(new MemoryUsage(1000 * 1024, 400 * 1024, 600 * 1024, 0, 0)));
        Assert.That(s.Load, Is.EqualTo(new LoadAverage(0.5, 0.25, 0.1, 2, 100)));
    }

    [Test]
    public void SlowCounters_AreReadEveryNthSample_WhileCoresAreReadEverySample()
    {
        using var sampler = SystemSampler.Create(new SystemSamplerOptions { Root = _tree.Root, QueryGpus = false, SlowCountersEvery = 3 }, _time);
        Assert.That(sampler.Sample().Memory.AvailableBytes, Is.EqualTo(400 * 1024));

        _tree.Write("proc/meminfo", "MemTotal: 1000 kB\nMemAvailable: 100 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
        WriteCounters(cpu0: (190, 910, 0), cpu1: (100, 900, 0), ethRx: 4_000, ethTx: 500);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        var second = sampler.Sample();
        Assert.That(second.Cores[0].Usage, Is.EqualTo(0.9), "cores every sample");
        Assert.That(second.Memory.AvailableBytes, Is.EqualTo(400 * 1024), "memory keeps its last reading in between");

        _time.Advance(TimeSpan.FromMilliseconds(200));
        sampler.Sample();
        _time.Advance(TimeSpan.FromMilliseconds(300));
        var fourth = sampler.Sample();
        Assert.That(fourth.Memory.AvailableBytes, Is.EqualTo(100 * 1024), "read again on the n-th sample");
        // 3,000 bytes since the last network reading, 600 ms before (not 300 ms: the rate spans the reads).
        Assert.That(fourth.Network.Single().RxBytesPerSecond, Is.EqualTo(5_000.0).Within(1e-6));
    }

    [Test]
    public void NoTicksSinceLastSample_KeepsThePreviousUsage()
    {
        using var sampler = Create();
        WriteCounters(cpu0: (190, 910, 0), cpu1: (100, 900, 0), ethRx: 1_000, ethTx: 500);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.That(sampler.Sample().Cores[0].Usage, Is.EqualTo(0.9));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(sampler.Sample().Cores[0].Usage, Is.EqualTo(0.9));
    }

    [Test]
    public void MissingFiles_GiveEmptyPartsNotExceptions()
    {
        using var empty = new TempTree();
        using var sampler = SystemSampler.Create(new SystemSamplerOptions { Root = empty.Root, QueryGpus = false }, _time);

        var s = sampler.Sample();

        Assert.That(s.Cores, Is.Empty);
        Assert.That(s.Network, Is.Empty);
        Assert.That(s.Memory, Is.EqualTo(default(MemoryUsage)));
    }

    [Test]
    public void MissingNvidiaSmi_GivesAnEmptyGpuList()
    {
        using var sampler = SystemSampler.Create(
            new SystemSamplerOptions { Root = _tree.Root, NvidiaSmiPath = _tree.PathOf("no/such/nvidia-smi") }, _time);

        Assert.That(sampler.Sample().Gpus, Is.Empty);
    }

    [Test, SupportedOSPlatform("linux")]
    public void NvidiaSmiOnTheSide_ReadingArrivesWithoutBlockingSamples()
    {
        var smi = _tree.PathOf("bin/nvidia-smi");
        _tree.Write("bin/nvidia-smi", "#!/bin/sh\necho '0, 45, 1024, 81559'\necho '1, [N/A], 0, 81559'\n");
        File.SetUnixFileMode(smi, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        using var sampler = SystemSampler.Create(new SystemSamplerOptions { Root = _tree.Root, NvidiaSmiPath = smi });

        IReadOnlyList<GpuUsage> gpus = [];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (gpus.Count == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            gpus = sampler.Sample().Gpus;
        }

        Assert.That(gpus.Select(g => (g.Index, g.Utilization)), Is.EqualTo(new[] { (0, (double?)0.45), (1, null) }));
    }

    [Test]
    public void RealProc_SamplesEveryOnlineCpuWithinRange()
    {
        using var sampler = SystemSampler.Create(new SystemSamplerOptions { QueryGpus = false });
        Thread.Sleep(50);
        var s = sampler.Sample();

        Assert.That(s.Cores, Has.Count.GreaterThanOrEqualTo(1));
        Assert.That(s.Cores.Select(c => c.Usage), Has.All.InRange(0.0, 1.0));
        Assert.That(s.Memory.TotalBytes, Is.GreaterThan(0));
        Assert.That(s.Network.Select(n => n.Name), Does.Contain("lo"));
    }
}
