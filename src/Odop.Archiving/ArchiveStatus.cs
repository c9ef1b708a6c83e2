namespace Odop.Archiving;

/// <summary>
/// One archiver's backlog and record of work, as `odop archivers status` shows it: how many records wait,
/// how many were delivered, failed attempts, records dropped at their time-to-live (expired) or after their
/// last allowed attempt (given up), the last error, and until when it backs off.
/// </summary>
public sealed record ArchiveStatus(
    string Name,
    string Type,
    int Pending,
    long Delivered,
    long FailedAttempts,
    long Expired,
    long GivenUp,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? BackingOffUntil);
