namespace Odop.Archiving.Internal;

/// <summary>One configured archiver as the dispatcher drives it: its backoff and counters. Counters are guarded by the dispatcher's lock.</summary>
internal sealed class ArchiveLane(ConfiguredArchiver configured, ArchiverTotals? totals)
{
    public ArchiverSettings Settings { get; } = configured.Settings;
    public IResultArchiver Archiver { get; } = configured.Archiver;
    public string Name => Settings.Name;

    /// <summary>Failures in a row, over all records: drives the backoff, so a down endpoint is not hammered once per record.</summary>
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? HeldUntil { get; set; }

    public int Pending { get; set; } = totals?.Pending ?? 0;
    public long Delivered { get; set; } = totals?.Delivered ?? 0;
    public long FailedAttempts { get; set; } = totals?.FailedAttempts ?? 0;
    public long Expired { get; set; } = totals?.Expired ?? 0;
    public long GivenUp { get; set; } = totals?.GivenUp ?? 0;
    public string? LastError { get; set; } = totals?.LastError;
    public DateTimeOffset? LastErrorAt { get; set; } = totals?.LastErrorAt;

    public ArchiveStatus Snapshot() =>
        new(Name, Settings.Type, Pending, Delivered, FailedAttempts, Expired, GivenUp, LastError, LastErrorAt, HeldUntil);
}
