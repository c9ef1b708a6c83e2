using Odop.Core.Hardware;
using Odop.Core.Profiles;

namespace Odop.Store;

/// <summary>
/// Field changes written together with a transition, in the same transaction. A null member
/// leaves the stored value as it is; there is no way to clear a field back to null.
/// </summary>
public sealed record ExecutionChanges
{
    public static readonly ExecutionChanges None = new();

    public string? Node { get; init; }
    public CpuSet? Placement { get; init; }
    public int? Pid { get; init; }
    public int? ExitCode { get; init; }
    public MeasuredUsage? Usage { get; init; }

    /// <summary>A new dispatch priority (`odop tasks set-priority`), usually written with a note.</summary>
    public int? Priority { get; init; }

    /// <summary>Retries taken so far under the execution's retry policy.</summary>
    public int? Retries { get; init; }

    /// <summary>Queued again after a failure: not to start before this time.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    public bool IsEmpty => Node is null && Placement is null && Pid is null && ExitCode is null && Usage is null && Priority is null && Retries is null && NotBefore is null;
}
