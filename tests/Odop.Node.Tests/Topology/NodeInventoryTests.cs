using System.Text.Json.Nodes;
using Odop.Core.Hardware;
using Odop.Node.Tests.Sampling;
using Odop.Node.Topology;

namespace Odop.Node.Tests.Topology;

public class NodeInventoryTests
{
    private TempTree _tree = null!;

    [SetUp]
    public void SetUp() => _tree = new TempTree()
        .Write("proc/sys/kernel/hostname", "n01\n")
        .Write("proc/cpuinfo", "processor\t: 0\nmodel name\t: Test CPU 9000\n\nprocessor\t: 1\nmodel name\t: Test CPU 9000\n")
        .Write("proc/meminfo", "MemTotal:       1024 kB\nMemFree: 10 kB\n");

    [TearDown]
    public void TearDown() => _tree.Dispose();

    private void Cpu(int id, int core, int socket, string siblings)
    {
        var dir = $"sys/devices/system/cpu/cpu{id}/topology";
        _tree.Write($"{dir}/core_id", $"{core}\n")
             .Write($"{dir}/physical_package_id", $"{socket}\n")
             .Write($"{dir}/thread_siblings_list", $"{siblings}\n");
    }

    private void Affinity(string list) => _tree.Write("proc/self/status", $"Name:\todop\nCpus_allowed:\tf\nCpus_allowed_list:\t{list}\n");

    [Test]
    public void NoNuma_IsOneNodeWithAllCpus()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-1\n");
        Cpu(0, 0, 0, "0");
        Cpu(1, 1, 0, "1");

        var inv = NodeInventory.Read(_tree.Root);

        Assert.That(inv.NumaNodes, Is.EqualTo(new[] { new NumaNode(0, CpuSet.Parse("0-1")) }));
        Assert.That((inv.Hostname, inv.CpuModel, inv.MemoryTotalBytes), Is.EqualTo(("n01", "Test CPU 9000", 1024L * 1024)));
        Assert.That((inv.LogicalCpus, inv.PhysicalCores, inv.Sockets), Is.EqualTo((2, 2, 1)));
    }

    [Test]
    public void Smt2Way_PairsSiblingsOnOnePhysicalCore()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-3\n");
        Cpu(0, 0, 0, "0,2");
        Cpu(1, 1, 0, "1,3");
        Cpu(2, 0, 0, "0,2");
        Cpu(3, 1, 0, "1,3");

        var inv = NodeInventory.Read(_tree.Root);

        Assert.That((inv.LogicalCpus, inv.PhysicalCores, inv.Sockets), Is.EqualTo((4, 2, 1)));
        Assert.That(inv.SiblingsOf(2), Is.EqualTo(CpuSet.Of(0, 2)));
        Assert.That(inv.SiblingsOf(3), Is.EqualTo(CpuSet.Of(1, 3)));
    }

    [Test]
    public void TwoSockets_CountCoresPerSocketAndMapCpusToNumaNodes()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-3\n")
             .Write("sys/devices/system/node/node0/cpulist", "0-1\n")
             .Write("sys/devices/system/node/node1/cpulist", "2-3\n");
        Cpu(0, 0, 0, "0");
        Cpu(1, 1, 0, "1");
        Cpu(2, 0, 1, "2"); // core ids restart on each socket
        Cpu(3, 1, 1, "3");

        var inv = NodeInventory.Read(_tree.Root);

        Assert.That((inv.PhysicalCores, inv.Sockets), Is.EqualTo((4, 2)));
        Assert.That(inv.NumaNodes.Select(n => n.Cpus.ToString()), Is.EqualTo(new[] { "0-1", "2-3" }));
        Assert.That(inv.Cpus.Select(c => c.NumaNode), Is.EqualTo(new[] { 0, 0, 1, 1 }));
    }

    [Test]
    public void MissingTopology_MakesEachCpuItsOwnCore()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-2\n");

        var inv = NodeInventory.Read(_tree.Root);

        Assert.That((inv.LogicalCpus, inv.PhysicalCores, inv.Sockets), Is.EqualTo((3, 3, 1)));
        Assert.That(inv.SiblingsOf(1), Is.EqualTo(CpuSet.Of(1)));
    }

    [Test]
    public void CgroupV2CpusetNarrowerThanAffinity_LimitsUsableCpus()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-3\n")
             .Write("proc/self/cgroup", "0::/slurm/job7/step0\n")
             .Write("sys/fs/cgroup/cpuset.cpus.effective", "0-3\n")
             .Write("sys/fs/cgroup/slurm/job7/step0/cpuset.cpus.effective", "2-3\n");
        Affinity("0-3");

        var inv = NodeInventory.Read(_tree.Root);

        Assert.That(inv.AffinityCpus, Is.EqualTo(CpuSet.Parse("0-3")));
        Assert.That(inv.CgroupCpus, Is.EqualTo(CpuSet.Parse("2-3")));
        Assert.That(inv.UsableCpus, Is.EqualTo(CpuSet.Parse("2-3")));
    }

    [Test]
    public void CgroupV2WithoutOwnCpusetFile_InheritsTheNearestAncestor()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-7\n")
             .Write("proc/self/cgroup", "0::/job/step\n")
             .Write("sys/fs/cgroup/cpuset.cpus.effective", "0-7\n")
             .Write("sys/fs/cgroup/job/cpuset.cpus.effective", "4-5\n");
        Directory.CreateDirectory(_tree.PathOf("sys/fs/cgroup/job/step"));
        Affinity("1-6");

        var inv = NodeInventory.Read(_tree.Root);

        Assert.That(inv.UsableCpus, Is.EqualTo(CpuSet.Parse("4-5")));
    }

    [Test]
    public void AffinityNarrowerThanCgroup_LimitsUsableCpus()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-3\n")
             .Write("proc/self/cgroup", "0::/\n")
             .Write("sys/fs/cgroup/cpuset.cpus.effective", "0-3\n");
        Affinity("1");

        Assert.That(NodeInventory.Read(_tree.Root).UsableCpus, Is.EqualTo(CpuSet.Of(1)));
    }

    [Test]
    public void CgroupV1_FallsBackToTheCpusetHierarchyRoot()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-3\n")
             .Write("proc/self/cgroup", "4:memory:/x\n3:cpuset:/docker/abc\n0::/\n")
             .Write("sys/fs/cgroup/cpuset/cpuset.effective_cpus", "0,3\n");
        Affinity("0-3");

        var inv = NodeInventory.Read(_tree.Root);

        Assert.That(inv.CgroupCpus, Is.EqualTo(CpuSet.Of(0, 3)));
        Assert.That(inv.UsableCpus, Is.EqualTo(CpuSet.Of(0, 3)));
    }

    [Test]
    public void NoCgroupCpuset_LeavesAffinityInCharge()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-3\n");
        Affinity("0-2");

        var inv = NodeInventory.Read(_tree.Root);

        Assert.That(inv.CgroupCpus, Is.Null);
        Assert.That(inv.UsableCpus, Is.EqualTo(CpuSet.Parse("0-2")));
    }

    [Test]
    public void Json_IsSnakeCaseWithListFormatCpuSetsAndRoundTrips()
    {
        _tree.Write("sys/devices/system/cpu/online", "0-3\n");
        Cpu(0, 0, 0, "0,2");
        Cpu(1, 1, 0, "1,3");
        Cpu(2, 0, 0, "0,2");
        Cpu(3, 1, 0, "1,3");
        Affinity("0-3");

        var inv = NodeInventory.Read(_tree.Root);
        var json = inv.ToJson();
        var node = JsonNode.Parse(json)!;

        Assert.That((int)node["logical_cpus"]!, Is.EqualTo(4));
        Assert.That((string)node["usable_cpus"]!, Is.EqualTo("0-3"));
        Assert.That((string)node["cpus"]![2]!["siblings"]!, Is.EqualTo("0,2"));
        Assert.That((long)node["memory_total_bytes"]!, Is.EqualTo(1024L * 1024));
        var back = NodeInventory.FromJson(json);
        Assert.That(back.ToJson(), Is.EqualTo(json));
        Assert.That(back.Cpus, Is.EqualTo(inv.Cpus));
        Assert.That(back.UsableCpus, Is.EqualTo(inv.UsableCpus));
    }

    [Test]
    public void ThisNode_HasUsableCpusWithinOnlineOnes()
    {
        var inv = NodeInventory.Read();

        Assert.That(inv.LogicalCpus, Is.GreaterThanOrEqualTo(1));
        Assert.That(inv.UsableCpus.IsEmpty, Is.False);
        Assert.That(inv.UsableCpus.IsSubsetOf(inv.OnlineCpus), Is.True);
        Assert.That(inv.PhysicalCores, Is.InRange(1, inv.LogicalCpus));
        Assert.That(inv.Hostname, Is.Not.Empty);
        Assert.That(inv.MemoryTotalBytes, Is.GreaterThan(0));
    }
}
