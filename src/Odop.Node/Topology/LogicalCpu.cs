using System.Text.Json.Serialization;
using Odop.Core.Hardware;
using Odop.Node.Topology.Internal;

namespace Odop.Node.Topology;

/// <summary>One logical CPU and where it sits.</summary>
/// <param name="CoreId">core_id from sysfs; unique only within its socket.</param>
/// <param name="Socket">physical_package_id.</param>
/// <param name="Siblings">The logical CPUs sharing its physical core, itself included.</param>
public sealed record LogicalCpu(
    int Id,
    int CoreId,
    int Socket,
    int NumaNode,
    [property: JsonConverter(typeof(CpuSetJsonConverter))] CpuSet Siblings);
