using System.Text.Json.Serialization;

namespace Odop.Node.Sampling;

/// <summary>
/// One process of a snapshot; rss in bytes, cpu as a fraction of one core; mpi_wait (0..1, only for a
/// rank with libodop_pmpi.so preloaded) the share of wall time it spent inside blocking MPI calls since
/// the previous rank sample: cpu says how busy the core is, mpi_wait how much of that is waiting.
/// </summary>
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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProcessTotals? Descendants,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? MpiWait = null)
{
    internal static ProcessEntry From(ProcessSample s, ProcessLabel label) =>
        new(s.Pid, label.Rank, label.Role, s.Cpu, s.RssBytes, s.Threads, s.AllowedCpus?.Ids, s.LastCpu,
            s.State.ToString(), s.Descendants, label.MpiWait);
}
