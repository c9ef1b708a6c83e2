using System.Text.Json.Serialization;

namespace Odop.Node.Sampling;

/// <summary>What a monitored process is to Odop; decides where its CPU time is attributed.</summary>
public enum ProcessRole
{
    [JsonStringEnumMemberName("other")] Other,
    [JsonStringEnumMemberName("simulation")] Simulation,
    [JsonStringEnumMemberName("side_task")] SideTask,
}
