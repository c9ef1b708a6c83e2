using System.Diagnostics;
using Odop.Core.Hardware;
using Odop.Node.Sampling;

namespace Odop.Node.Tests.Sampling;

/// <summary>
/// A real spinning shell pinned to CPU 1, measured by both samplers one second apart. The cores are
/// shared with other work (builds, other tests), and on a loaded node the spinner's share of CPU 1
/// can fall well under 100 %, so its own share has a low floor; what holds under any contention is
/// checked strictly: CPU 1 never idles while it spins, all of its CPU lands on CPU 1, none on CPU 0.
/// </summary>
[NonParallelizable]
public class PinnedBusyProcessTests
{
    private Process? _spinner;

    [SetUp]
    public void SetUp()
    {
        var affinity = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        Assume.That(CpuSet.Parse(affinity.Split(':')[1]).Contains(1), "needs CPU 1");
        var info = new ProcessStartInfo("taskset");
        foreach (var a in new[] { "-c", "1", "/bin/sh", "-c", "while :; do :; done" }) info.ArgumentList.Add(a);
        _spinner = Process.Start(info)!;
    }

    [TearDown]
    public void TearDown()
    {
        _spinner?.Kill(entireProcessTree: true);
        _spinner?.WaitForExit();
        _spinner?.Dispose();
    }

    [Test]
    public void SpinnerPinnedToCpu1_IsMeasuredAndAttributedToCpu1()
    {
        using var system = SystemSampler.Create(new SystemSamplerOptions { QueryGpus = false });
        using var processes = ProcessSampler.Create();
        ProcessQuery[] query = [new(_spinner!.Id)];
        WaitUntilPinned(processes, query);

        system.Sample();
        processes.Sample(query);
        var cpuBefore = _spinner.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        Thread.Sleep(1000);
        var sys = system.Sample();
        var proc = processes.Sample(query).Single();
        _spinner.Refresh();
        var independent = (_spinner.TotalProcessorTime - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds;

        Assert.That(proc.Cpu, Is.GreaterThan(0.15).And.LessThan(1.1), "alone on CPU 1 it is about 1.0");
        Assert.That(proc.Cpu, Is.EqualTo(independent).Within(0.15), "same window measured by System.Diagnostics.Process");
        Assert.That(proc.LastCpu, Is.EqualTo(1));
        Assert.That(proc.State, Is.EqualTo('R'));

        var labels = new Dictionary<int, ProcessLabel> { [proc.Pid] = new(ProcessRole.SideTask) };
        var cores = MonitoringSnapshot.Create(sys, [proc], labels).SystemMonitoring.Cpu.Cores;
        var cpu0 = cores.Single(c => c.Id == 0);
        var cpu1 = cores.Single(c => c.Id == 1);
        Assert.That(cpu1.Usage, Is.GreaterThan(0.8), "a pinned spinner leaves CPU 1 no idle time");
        Assert.That(cpu1.SideTask, Is.EqualTo(Math.Min(proc.Cpu!.Value, cpu1.Usage)).Within(1e-9), "all of it, capped by usage");
        Assert.That(cpu0.SideTask, Is.Zero);
    }

    // taskset sets the affinity and then execs the shell; sample only once that has happened.
    private static void WaitUntilPinned(IProcessSampler sampler, ProcessQuery[] query)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var s = sampler.Sample(query).SingleOrDefault();
            if (s?.AllowedCpus is { Count: 1 } set && set.Contains(1)) return;
            Thread.Sleep(10);
        }
        Assert.Fail("the spinner was never pinned to CPU 1");
    }
}
