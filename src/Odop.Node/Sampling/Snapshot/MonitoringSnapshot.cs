using System.Text.Json;

namespace Odop.Node.Sampling;

/// <summary>
/// The monitoring snapshot of DESIGN.md §3: { system_monitoring: { cpu, memory, gpu, network, load },
/// process_monitoring: { processes } }, plus a timestamp. Serialized with snake_case names.
/// </summary>
public sealed record MonitoringSnapshot(
    DateTimeOffset Timestamp,
    SystemMonitoring SystemMonitoring,
    ProcessMonitoring ProcessMonitoring)
{
    /// <summary>
    /// Builds a snapshot from one system sample and the process samples of the same instant;
    /// pids missing from <paramref name="labels"/> are <see cref="ProcessRole.Other"/> without a rank.
    /// </summary>
    public static MonitoringSnapshot Create(
        SystemSample system, IReadOnlyList<ProcessSample> processes, IReadOnlyDictionary<int, ProcessLabel>? labels = null)
    {
        labels ??= new Dictionary<int, ProcessLabel>();
        var entries = new ProcessEntry[processes.Count];
        for (var i = 0; i < entries.Length; i++)
            entries[i] = ProcessEntry.From(processes[i], labels.GetValueOrDefault(processes[i].Pid));
        return new MonitoringSnapshot(
            system.Timestamp,
            new SystemMonitoring(
                new CpuMonitoring(system.CpuUsage, CoreAttribution.Attribute(system.Cores, entries)),
                system.Memory,
                new GpuMonitoring(system.Gpus),
                new NetworkMonitoring(system.Network),
                system.Load),
            new ProcessMonitoring(entries));
    }

    public string ToJson() => JsonSerializer.Serialize(this, MonitoringJsonContext.Default.MonitoringSnapshot);

    public static MonitoringSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize(json, MonitoringJsonContext.Default.MonitoringSnapshot)
        ?? throw new JsonException("a monitoring snapshot cannot be null");
}
