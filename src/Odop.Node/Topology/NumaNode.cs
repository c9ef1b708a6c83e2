using System.Text.Json.Serialization;
using Odop.Core.Hardware;
using Odop.Node.Topology.Internal;

namespace Odop.Node.Topology;

/// <summary>A NUMA node and its CPUs (empty for a memory-only node).</summary>
public sealed record NumaNode(int Id, [property: JsonConverter(typeof(CpuSetJsonConverter))] CpuSet Cpus);
