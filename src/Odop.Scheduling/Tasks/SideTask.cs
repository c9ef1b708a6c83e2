using Odop.Core.Hardware;
using Odop.Core.Profiles;

namespace Odop.Scheduling.Tasks;

/// <summary>One side task the scheduler started and has not seen end. Mutable, owned by <see cref="TaskBook"/>.</summary>
internal sealed class SideTask(string id, int need, long memoryBytes, bool forced, TimeSpan startedAt, ExecutionClass executionClass = ExecutionClass.Normal)
{
    /// <summary>Held by the class rule (<see cref="Admission.ClassRule"/>) while the task is held, paused or not.</summary>
    public ExecutionClass Class { get; } = executionClass;

    public string Id { get; } = id;
    public int Need { get; } = need;
    public long MemoryBytes { get; } = memoryBytes;

    /// <summary>Started by a user's request: never reclaimed.</summary>
    public bool Forced { get; } = forced;
    public TimeSpan StartedAt { get; } = startedAt;

    /// <summary>Cores it is pinned to; empty while paused, and always for an unpinned (naive) task.</summary>
    public CpuSet Cpus { get; set; } = CpuSet.Empty;

    /// <summary>Cores it ran on before its pause, preferred when it resumes.</summary>
    public CpuSet LastCpus { get; set; } = CpuSet.Empty;
    public bool Paused { get; set; }
    public TimeSpan PausedSince { get; set; }
    public TimeSpan? LastMovedAt { get; set; }
}
