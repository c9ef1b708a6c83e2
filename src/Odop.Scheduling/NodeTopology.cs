using Odop.Core.Hardware;

namespace Odop.Scheduling;

/// <summary>
/// The parts of a node's topology placement cares about. Build it once and pass the same instance
/// every round: lookups are precomputed into arrays here.
/// </summary>
public sealed class NodeTopology
{
    private readonly int[][] _siblings; // by core id: the other hardware threads of its physical core
    private readonly int[] _numa; // by core id: NUMA node, -1 unknown

    public static readonly NodeTopology Flat = new(new Dictionary<int, CpuSet>(), new Dictionary<int, int>());

    /// <param name="smtSiblings">Core → the other logical CPUs on the same physical core.</param>
    /// <param name="numaNodes">Core → NUMA node id.</param>
    public NodeTopology(IReadOnlyDictionary<int, CpuSet> smtSiblings, IReadOnlyDictionary<int, int> numaNodes)
    {
        SmtSiblings = smtSiblings;
        NumaNodes = numaNodes;
        var size = Math.Max(smtSiblings.Keys.DefaultIfEmpty(-1).Max(), numaNodes.Keys.DefaultIfEmpty(-1).Max()) + 1;
        _siblings = new int[size][];
        _numa = new int[size];
        Array.Fill(_numa, -1);
        for (var core = 0; core < size; core++)
            _siblings[core] = smtSiblings.TryGetValue(core, out var set) ? [.. set.Ids.Where(id => id != core)] : [];
        foreach (var (core, node) in numaNodes) _numa[core] = node;
    }

    public IReadOnlyDictionary<int, CpuSet> SmtSiblings { get; }
    public IReadOnlyDictionary<int, int> NumaNodes { get; }

    public bool HasNuma => NumaNodes.Count > 0;

    /// <summary>A topology of <paramref name="cores"/> cores, <paramref name="threadsPerCore"/> hardware threads each numbered as Linux does (sibling of c is c + cores/threadsPerCore), split evenly over <paramref name="numaNodes"/>.</summary>
    public static NodeTopology Uniform(int cores, int threadsPerCore = 1, int numaNodes = 1)
    {
        var physical = cores / Math.Max(1, threadsPerCore);
        var siblings = new Dictionary<int, CpuSet>();
        var numa = new Dictionary<int, int>();
        for (var cpu = 0; cpu < cores; cpu++)
        {
            var phys = cpu % physical;
            if (threadsPerCore > 1) siblings[cpu] = CpuSet.Of(Enumerable.Range(0, threadsPerCore).Select(t => phys + t * physical));
            numa[cpu] = phys * numaNodes / physical;
        }
        return new NodeTopology(siblings, numa);
    }

    internal ReadOnlySpan<int> SiblingsOf(int core) => core < _siblings.Length ? _siblings[core] : [];

    internal int NumaOf(int core) => core < _numa.Length ? _numa[core] : -1;
}
