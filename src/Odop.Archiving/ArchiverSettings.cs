using System.Text.Json.Nodes;

namespace Odop.Archiving;

/// <summary>
/// How the dispatcher treats one archiver: its name and type, the deadline of each call, how it retries and
/// how long a record may wait before it is dropped as expired. <see cref="Options"/> holds the whole entry as
/// written, for the type's own fields.
/// </summary>
public sealed record ArchiverSettings
{
    public required string Name { get; init; }
    public required string Type { get; init; }

    /// <summary>Deadline of one ArchiveAsync call; past it the call is cancelled and counts as a failed attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public RetryPolicy Retries { get; init; } = new();

    /// <summary>A record still undelivered this long after it was handed in is dropped and counted as expired.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromDays(7);

    public JsonObject Options { get; init; } = [];

    /// <summary>Where the entry was written ("archivers[1]"), for error messages.</summary>
    public string Field { get; init; } = "";
}

/// <summary>
/// Exponential backoff: the n-th consecutive failure of an archiver waits <see cref="Backoff"/> × 2^(n-1),
/// at most <see cref="MaxBackoff"/>. After <see cref="MaxAttempts"/> failed attempts a record is given up
/// (dropped, counted, logged); null retries until the time-to-live.
/// </summary>
public sealed record RetryPolicy
{
    public int? MaxAttempts { get; init; }
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan Delay(int consecutiveFailures)
    {
        if (consecutiveFailures <= 0) return TimeSpan.Zero;
        var factor = Math.Pow(2, Math.Min(consecutiveFailures - 1, 40));
        var ticks = Math.Min(Backoff.Ticks * factor, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
