using Odop.Core.Hardware;
using Odop.Core.Profiles;

namespace Odop.Scheduling.Placement;

/// <summary>One queued execution as the placer sees it: no profile, no JSON, just what placement needs.</summary>
/// <param name="Cores">Whole cores the execution needs (from the profile's cpus.min, at least 1).</param>
/// <param name="Forced">A user asked to run it now: skip the idle-core check, keep the lease bookkeeping.</param>
/// <param name="Threads">threads.min: each thread gets a core of its own, so it raises the cores needed.</param>
/// <param name="MemoryBytes">memory.min: must fit in available memory minus the safety margin.</param>
/// <param name="Time">The profile's estimated run time; null where unknown.</param>
/// <param name="PreviousCpus">Where this execution ran before (e.g. before a requeue), to prefer those cores.</param>
/// <param name="Class">Who it may share the side-task cores with (exclusive, normal, background).</param>
public sealed record PlacementRequest(string ExecutionId, int Priority, long Sequence, int Cores, bool Forced = false,
    int Threads = 1, long MemoryBytes = 0, TimeSpan? Time = null, CpuSet? PreviousCpus = null, ExecutionClass Class = ExecutionClass.Normal)
{
    /// <summary>Whole cores to reserve: cpus.min rounded up and threads.min, whichever is more, at least one.</summary>
    public int CoresNeeded => Math.Max(1, Math.Max(Cores, Threads));

    /// <summary>A request carrying a profile's requirement: cpus.min in mcpu becomes whole cores.</summary>
    public static PlacementRequest For(string executionId, int priority, long sequence, ExecutionRequirement requirement, bool forced = false,
        ExecutionClass executionClass = ExecutionClass.Normal) =>
        new(executionId, priority, sequence,
            Cores: Math.Max(1, (int)Math.Ceiling(requirement.Cpus.Min.Millicpus / 1000.0)),
            Forced: forced,
            Threads: Math.Max(1, requirement.Threads.Min),
            MemoryBytes: requirement.Memory.Min.Bytes,
            Time: requirement.Time.Milliseconds > 0 ? requirement.Time.Value : null,
            Class: executionClass);
}
