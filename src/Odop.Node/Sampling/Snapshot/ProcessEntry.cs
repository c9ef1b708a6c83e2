using System.Text.Json.Serialization;

namespace Odop.Node.Sampling;

/// <summary>One process of a snapshot; rss in bytes, cpu as a fraction of one core.</summary>
public sealed record ProcessEntry(
    int Pid,
    int? Rank,
    ProcessRole Role,
    double? Cpu,
    long Rss,
    int Threads,
    IReadOnlyList<int>? AllowedCpus,
    int LastCpu,
    string State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProcessTotals? Descendants)
{
    internal static ProcessEntry From(ProcessSample s, ProcessLabel label) =>
        new(s.Pid, label.Rank, label.Role, s.Cpu, s.RssBytes, s.Threads, s.AllowedCpus?.Ids, s.LastCpu,
            s.State.ToString(), s.Descendants);
}
