using Odop.Core.Hardware;

namespace Odop.Node.Topology.Internal;

/// <summary>Builds a <see cref="NodeInventory"/> from /proc and /sys under a root.</summary>
internal static class InventoryReader
{
    private const string CpuDir = "sys/devices/system/cpu";
    private const string NodeDir = "sys/devices/system/node";

    public static NodeInventory Read(string root)
    {
        var fs = new SysFs(root);
        var online = OnlineCpus(fs);
        var numa = NumaNodes(fs, online);
        var cpus = online.Ids.Select(id => Cpu(fs, id, numa)).ToArray();

        var affinity = fs.Field("proc/self/status", "Cpus_allowed_list") is { } list && CpuSet.TryParse(list, out var a, out _) ? a : null;
        var cgroup = CgroupCpuset.Read(fs);
        var usable = online;
        if (affinity is not null) usable = usable.Intersect(affinity);
        if (cgroup is not null) usable = usable.Intersect(cgroup);

        return new NodeInventory(
            Hostname: fs.ReadText("proc/sys/kernel/hostname") is { Length: > 0 } host ? host : Environment.MachineName,
            CpuModel: CpuModel(fs),
            LogicalCpus: cpus.Length,
            PhysicalCores: cpus.Select(c => (c.Socket, c.CoreId)).Distinct().Count(),
            Sockets: cpus.Select(c => c.Socket).Distinct().Count(),
            Cpus: cpus,
            NumaNodes: numa,
            MemoryTotalBytes: MemoryTotal(fs),
            OnlineCpus: online,
            UsableCpus: usable,
            AffinityCpus: affinity,
            CgroupCpus: cgroup);
    }

    private static CpuSet OnlineCpus(SysFs fs)
    {
        if (fs.ReadCpuSet($"{CpuDir}/online") is { IsEmpty: false } online) return online;
        var dirs = fs.NumberedEntries(CpuDir, "cpu");
        if (dirs.Count > 0) return CpuSet.Of(dirs);
        var processors = fs.Lines("proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal));
        return CpuSet.Range(0, processors > 0 ? processors : Environment.ProcessorCount);
    }

    private static NumaNode[] NumaNodes(SysFs fs, CpuSet online)
    {
        var nodes = fs.NumberedEntries(NodeDir, "node")
            .Select(id => new NumaNode(id, (fs.ReadCpuSet($"{NodeDir}/node{id}/cpulist") ?? CpuSet.Empty).Intersect(online)))
            .ToArray();
        // Kernels without NUMA support have no node directory: the whole machine is one node.
        return nodes.Length > 0 ? nodes : [new NumaNode(0, online)];
    }

    private static LogicalCpu Cpu(SysFs fs, int id, NumaNode[] numa)
    {
        var topology = $"{CpuDir}/cpu{id}/topology";
        // Missing topology (some VMs, fake trees) means each CPU is its own core on socket 0.
        var siblings = fs.ReadCpuSet($"{topology}/thread_siblings_list")
            ?? fs.ReadCpuSet($"{topology}/core_cpus_list")
            ?? CpuSet.Of(id);
        var node = numa.FirstOrDefault(n => n.Cpus.Contains(id))?.Id ?? 0;
        return new LogicalCpu(
            id,
            fs.ReadInt($"{topology}/core_id") ?? id,
            fs.ReadInt($"{topology}/physical_package_id") ?? 0,
            node,
            siblings.Contains(id) ? siblings : siblings.Union(CpuSet.Of(id)));
    }

    private static string CpuModel(SysFs fs)
    {
        // x86 says "model name"; arm64 and POWER name it differently.
        foreach (var key in new[] { "model name", "Model", "cpu model", "cpu" })
            if (fs.Field("proc/cpuinfo", key) is { Length: > 0 } model) return model;
        return "unknown";
    }

    private static long MemoryTotal(SysFs fs)
    {
        var field = fs.Field("proc/meminfo", "MemTotal"); // "24684096 kB"
        var number = field?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(number, out var kb) ? kb * 1024 : 0;
    }
}
