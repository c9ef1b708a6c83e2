using System.Text.Json;
using System.Text.Json.Serialization;
using Odop.Core.Hardware;
using Odop.Node.Topology.Internal;

namespace Odop.Node.Topology;

/// <summary>
/// What a node is, read once at start: CPUs and how they share cores, sockets and NUMA nodes,
/// memory, and which CPUs this process may use. Exchanged between agents as JSON (snake_case, CPU
/// sets in the Linux list format "0-3,8").
/// </summary>
/// <param name="PhysicalCores">Distinct (socket, core id) pairs among the online CPUs.</param>
/// <param name="Cpus">One entry per online logical CPU, ascending ids.</param>
/// <param name="NumaNodes">From /sys/devices/system/node; one node holding every CPU where that is absent.</param>
/// <param name="UsableCpus">Online ∩ this process's affinity ∩ its cgroup cpuset: where Odop may place work.</param>
/// <param name="AffinityCpus">Cpus_allowed_list of this process; null when unreadable.</param>
/// <param name="CgroupCpus">The effective cpuset of this process's cgroup; null when there is none.</param>
public sealed record NodeInventory(
    string Hostname,
    string CpuModel,
    int LogicalCpus,
    int PhysicalCores,
    int Sockets,
    IReadOnlyList<LogicalCpu> Cpus,
    IReadOnlyList<NumaNode> NumaNodes,
    long MemoryTotalBytes,
    [property: JsonConverter(typeof(CpuSetJsonConverter))] CpuSet OnlineCpus,
    [property: JsonConverter(typeof(CpuSetJsonConverter))] CpuSet UsableCpus,
    [property: JsonConverter(typeof(CpuSetJsonConverter))] CpuSet? AffinityCpus,
    [property: JsonConverter(typeof(CpuSetJsonConverter))] CpuSet? CgroupCpus)
{
    /// <summary>Reads the inventory of the node this process runs on.</summary>
    /// <param name="root">Filesystem root holding proc/ and sys/; tests point it at a fake tree.</param>
    public static NodeInventory Read(string root = "/") => InventoryReader.Read(root);

    /// <summary>The SMT siblings of <paramref name="cpu"/> including itself; empty for an unknown CPU.</summary>
    public CpuSet SiblingsOf(int cpu)
    {
        foreach (var c in Cpus)
            if (c.Id == cpu) return c.Siblings;
        return CpuSet.Empty;
    }

    public string ToJson() => JsonSerializer.Serialize(this, InventoryJsonContext.Default.NodeInventory);

    public static NodeInventory FromJson(string json) =>
        JsonSerializer.Deserialize(json, InventoryJsonContext.Default.NodeInventory)
        ?? throw new JsonException("a node inventory cannot be null");
}
