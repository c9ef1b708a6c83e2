using System.Text.Json.Nodes;
using Odop.Core.Hardware;
using Odop.Node.Sampling;

namespace Odop.Node.Tests.Sampling;

public class MonitoringSnapshotTests
{
    private static SystemSample System(params double[] usage) => new(
        ManualTime.Start, usage.Average(), usage.Select((u, i) => new CoreUsage(i, u)).ToArray(),
        new MemoryUsage(1000, 400, 600, 0, 0), new LoadAverage(1, 1, 1, 1, 10),
        [new NetworkInterfaceUsage("eth0", 10, 20, 1, 2)], []);

    private static ProcessSample Process(int pid, double cpu, CpuSet allowed, int lastCpu, ProcessTotals? descendants = null) =>
        new(pid, 1, 'R', cpu, 4096, 1, lastCpu, allowed, descendants);

    [Test]
    public void PinnedProcess_IsChargedToItsCpu()
    {
        var snapshot = MonitoringSnapshot.Create(System(0.1, 0.1, 0.95, 0.1),
            [Process(10, 0.9, CpuSet.Of(2), lastCpu: 2)],
            new Dictionary<int, ProcessLabel> { [10] = new(ProcessRole.Simulation, Rank: 0) });

        var cores = snapshot.SystemMonitoring.Cpu.Cores;
        Assert.That(cores[2].Simulation, Is.EqualTo(0.9).Within(1e-9));
        Assert.That(cores[2].Other, Is.EqualTo(0.05).Within(1e-9));
        Assert.That(cores.Where(c => c.Id != 2).Select(c => c.Simulation), Has.All.EqualTo(0.0));
    }

    [Test]
    public void UnpinnedProcess_IsSpreadOverItsAllowedCpus()
    {
        var snapshot = MonitoringSnapshot.Create(System(0.6, 0.6, 0, 0),
            [Process(20, 1.0, CpuSet.Of(0, 1), lastCpu: 1)],
            new Dictionary<int, ProcessLabel> { [20] = new(ProcessRole.SideTask) });

        var cores = snapshot.SystemMonitoring.Cpu.Cores;
        Assert.That(cores.Select(c => c.SideTask), Is.EqualTo(new[] { 0.5, 0.5, 0, 0 }));
    }

    [Test]
    public void Descendants_AreChargedWhereTheirParentIs()
    {
        var snapshot = MonitoringSnapshot.Create(System(0, 1.0),
            [Process(30, 0.25, CpuSet.Of(1), lastCpu: 1, new ProcessTotals(2, 0.5, 1, 2))],
            new Dictionary<int, ProcessLabel> { [30] = new(ProcessRole.SideTask) });

        Assert.That(snapshot.SystemMonitoring.Cpu.Cores[1].SideTask, Is.EqualTo(0.75));
    }

    [Test]
    public void ClaimsAboveMeasuredUsage_AreScaledDownSoOtherIsNeverNegative()
    {
        var snapshot = MonitoringSnapshot.Create(System(0.5),
            [Process(1, 0.6, CpuSet.Of(0), 0), Process(2, 0.4, CpuSet.Of(0), 0)],
            new Dictionary<int, ProcessLabel> { [1] = new(ProcessRole.Simulation), [2] = new(ProcessRole.SideTask) });

        var core = snapshot.SystemMonitoring.Cpu.Cores[0];
        Assert.That((core.Simulation, core.SideTask, core.Other), Is.EqualTo((0.3, 0.2, 0.0)));
    }

    [Test]
    public void UnlabelledProcess_IsOtherAndNotCharged()
    {
        var snapshot = MonitoringSnapshot.Create(System(0.8), [Process(5, 0.7, CpuSet.Of(0), 0)]);

        var entry = snapshot.ProcessMonitoring.Processes.Single();
        Assert.That((entry.Role, entry.Rank), Is.EqualTo((ProcessRole.Other, (int?)null)));
        Assert.That(snapshot.SystemMonitoring.Cpu.Cores[0].Other, Is.EqualTo(0.8));
    }

    [Test]
    public void Json_UsesTheDesignFormatWithSnakeCaseNames()
    {
        var snapshot = MonitoringSnapshot.Create(System(0.93),
            [Process(4242, 0.99, CpuSet.Of(0), 0), Process(77, 0.5, CpuSet.Of(0), 0)],
            new Dictionary<int, ProcessLabel> { [4242] = new(ProcessRole.Simulation, 0), [77] = new(ProcessRole.SideTask) });

        var json = JsonNode.Parse(snapshot.ToJson())!;

        var core = json["system_monitoring"]!["cpu"]!["cores"]![0]!;
        Assert.That(((int)core["id"]!, (double)core["usage"]!), Is.EqualTo((0, 0.93)));
        Assert.That(core["side_task"], Is.Not.Null);
        Assert.That((long)json["system_monitoring"]!["memory"]!["total_bytes"]!, Is.EqualTo(1000));
        Assert.That(json["system_monitoring"]!["gpu"]!["devices"]!.AsArray(), Is.Empty);
        Assert.That((string)json["system_monitoring"]!["network"]!["interfaces"]![0]!["name"]!, Is.EqualTo("eth0"));
        var sim = json["process_monitoring"]!["processes"]![0]!;
        Assert.That(((int)sim["pid"]!, (int?)sim["rank"], (string)sim["role"]!, (double)sim["cpu"]!, (long)sim["rss"]!),
            Is.EqualTo((4242, (int?)0, "simulation", 0.99, 4096L)));
        Assert.That(sim["allowed_cpus"]!.AsArray().Select(n => (int)n!), Is.EqualTo(new[] { 0 }));
        Assert.That(((int)sim["last_cpu"]!, (string)sim["state"]!, (int)sim["threads"]!), Is.EqualTo((0, "R", 1)));
        var side = json["process_monitoring"]!["processes"]![1]!.AsObject();
        Assert.That((string)side["role"]!, Is.EqualTo("side_task"));
        Assert.That(side.ContainsKey("rank") && side["rank"] is null, Is.True, "rank is written as null");
        Assert.That(side.ContainsKey("descendants"), Is.False);
    }

    [Test]
    public void Json_RoundTrips()
    {
        var snapshot = MonitoringSnapshot.Create(System(0.5, 0.25),
            [Process(9, 0.5, CpuSet.Of(0, 1), 1, new ProcessTotals(1, 0.1, 2, 3))],
            new Dictionary<int, ProcessLabel> { [9] = new(ProcessRole.SideTask) });

        var back = MonitoringSnapshot.FromJson(snapshot.ToJson());

        Assert.That(back.ToJson(), Is.EqualTo(snapshot.ToJson()));
        Assert.That(back.ProcessMonitoring.Processes[0].Descendants, Is.EqualTo(new ProcessTotals(1, 0.1, 2, 3)));
    }

    [Test]
    public void ARanksMpiWaitShare_IsWrittenOnlyWhenKnown()
    {
        var snapshot = MonitoringSnapshot.Create(System(1.0, 1.0),
            [Process(10, 1.0, CpuSet.Of(0), lastCpu: 0), Process(11, 1.0, CpuSet.Of(1), lastCpu: 1)],
            new Dictionary<int, ProcessLabel>
            {
                [10] = new(ProcessRole.Simulation, Rank: 0, MpiWait: 0.85),
                [11] = new(ProcessRole.Simulation, Rank: 1),
            });

        var processes = JsonNode.Parse(snapshot.ToJson())!["process_monitoring"]!["processes"]!.AsArray();
        Assert.That(processes[0]!["mpi_wait"]!.GetValue<double>(), Is.EqualTo(0.85));
        Assert.That(processes[1]!.AsObject().ContainsKey("mpi_wait"), Is.False, "absent without a PMPI segment");
        Assert.That(MonitoringSnapshot.FromJson(snapshot.ToJson()).ProcessMonitoring.Processes.Select(p => p.MpiWait),
            Is.EqualTo(new double?[] { 0.85, null }));
    }
}
