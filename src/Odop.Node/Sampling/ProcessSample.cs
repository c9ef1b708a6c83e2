using Odop.Core.Hardware;

namespace Odop.Node.Sampling;

/// <summary>One reading of one process.</summary>
/// <param name="State">The state letter of /proc/&lt;pid&gt;/stat: R, S, D, Z, T, ...</param>
/// <param name="Cpu">
/// CPU time over wall time since the previous sample, as a fraction of one core (a busy
/// single-threaded process is about 1.0, four busy threads about 4.0). On the first sighting it is
/// the average since the process started; null when no interval can be measured yet.
/// </param>
/// <param name="LastCpu">The CPU the process last ran on (field 39 of stat).</param>
/// <param name="AllowedCpus">Its affinity (Cpus_allowed_list); null when it cannot be read.</param>
/// <param name="Descendants">Sum over its descendants, not itself; null unless asked for.</param>
public sealed record ProcessSample(
    int Pid,
    int ParentPid,
    char State,
    double? Cpu,
    long RssBytes,
    int Threads,
    int LastCpu,
    CpuSet? AllowedCpus,
    ProcessTotals? Descendants);
