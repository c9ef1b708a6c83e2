using System.Diagnostics;
using Odop.Core.Hardware;
using Odop.Node.Sampling;

namespace Odop.Node.Tests.Sampling;

public class ProcessSamplerTests
{
    private readonly List<Process> _started = [];

    [TearDown]
    public void TearDown()
    {
        foreach (var p in _started)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            p.Dispose();
        }
        _started.Clear();
    }

    private Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file);
        foreach (var a in args) info.ArgumentList.Add(a);
        var p = Process.Start(info)!;
        _started.Add(p);
        return p;
    }

    [Test]
    public void PidThatDoesNotExist_IsAbsentWithoutThrowing()
    {
        using var sampler = ProcessSampler.Create();

        Assert.That(sampler.Sample([new ProcessQuery(999_999_999, IncludeDescendants: true)]), Is.Empty);
    }

    [Test]
    public void ProcessThatExitsBetweenSamples_IsAbsentInTheSecond()
    {
        using var sampler = ProcessSampler.Create();
        var sleeper = Start("sleep", "30");
        ProcessQuery[] query = [new(sleeper.Id)];
        Assert.That(sampler.Sample(query).Single().Pid, Is.EqualTo(sleeper.Id));

        sleeper.Kill();
        sleeper.WaitForExit(); // reaped: /proc/<pid> is gone

        Assert.That(sampler.Sample(query), Is.Empty);
    }

    [Test]
    public void ProcessSkippedForAFewSamples_KeepsItsOpenStatFile_AndOneLongForgottenLosesIt()
    {
        using var sampler = ProcessSampler.Create();
        var rank = Start("sleep", "30");
        var other = Start("sleep", "30");
        sampler.Sample([new ProcessQuery(rank.Id), new ProcessQuery(other.Id)]);

        // Read every n-th sample only, as the agent reads ranks: reopening each time would cost more than the read.
        for (var i = 0; i < 5; i++) sampler.Sample([new ProcessQuery(other.Id)]);
        Assert.That(OpenStatFiles(), Does.Contain($"/proc/{rank.Id}/stat"));

        for (var i = 0; i < 40; i++) sampler.Sample([new ProcessQuery(other.Id)]);
        Assert.That(OpenStatFiles(), Does.Not.Contain($"/proc/{rank.Id}/stat"));
        Assert.That(OpenStatFiles(), Does.Contain($"/proc/{other.Id}/stat"));
    }

    private static List<string> OpenStatFiles()
    {
        var open = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            if (new FileInfo(fd).LinkTarget is { } target && target.EndsWith("/stat", StringComparison.Ordinal)) open.Add(target);
        return open;
    }

    [Test]
    public void OwnProcess_ReportsMemoryThreadsAndAffinity()
    {
        using var sampler = ProcessSampler.Create();
        var pid = Environment.ProcessId;

        var s = sampler.Sample([new ProcessQuery(pid)]).Single();

        var allowed = File.ReadLines("/proc/self/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        Assert.That(s.AllowedCpus, Is.EqualTo(CpuSet.Parse(allowed.Split(':')[1])));
        Assert.That(s.RssBytes, Is.GreaterThan(1024 * 1024));
        Assert.That(s.Threads, Is.GreaterThan(1), ".NET always runs several threads");
        Assert.That(s.Cpu, Is.Not.Null.And.GreaterThanOrEqualTo(0), "first sighting is the lifetime average");
        Assert.That(s.ParentPid, Is.GreaterThan(0));
        Assert.That(s.AllowedCpus!.Contains(s.LastCpu), Is.True);
    }

    [Test]
    public void Descendants_AreSummedWhenAsked()
    {
        using var sampler = ProcessSampler.Create();
        var shell = Start("/bin/sh", "-c", "sleep 30 & sleep 30 & wait");

        // Right after fork, mid exec, a child can show no resident memory yet: wait for a settled reading.
        ProcessSample? s = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && s?.Descendants is not { Processes: >= 2, RssBytes: > 0 })
        {
            Thread.Sleep(20);
            s = sampler.Sample([new ProcessQuery(shell.Id, IncludeDescendants: true)]).SingleOrDefault();
        }

        Assert.That(s!.Descendants!.Value.Processes, Is.EqualTo(2));
        Assert.That(s.Descendants.Value.RssBytes, Is.GreaterThan(0));
        Assert.That(sampler.Sample([new ProcessQuery(shell.Id)]).Single().Descendants, Is.Null, "not asked");
    }
}
