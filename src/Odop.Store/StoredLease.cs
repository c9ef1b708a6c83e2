using Odop.Core.Hardware;

namespace Odop.Store;

/// <summary>Cores lent to a user for interactive use, from <see cref="AcquiredAt"/> until released or <see cref="ExpiresAt"/>.</summary>
public sealed record StoredLease(string Id, string Owner, CpuSet Cpus, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? EndedAt = null, string? EndReason = null)
{
    public bool Ended => EndedAt is not null;
}
