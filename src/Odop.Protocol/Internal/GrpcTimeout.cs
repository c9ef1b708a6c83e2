using System.Globalization;

namespace Odop.Protocol.Internal;

/// <summary>
/// The <c>grpc-timeout</c> header: at most 8 digits and a unit (H, M, S, m, u, n).
/// Formatting picks the finest unit that fits, so short timeouts keep their precision.
/// </summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    // Longest wait a CancellationTokenSource timer accepts; anything longer is treated as no deadline.
    public static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    // Coarser units after nanoseconds, which are handled apart (a tick is 100 ns).
    private static readonly (char Unit, long TicksPerUnit)[] Units =
    [
        ('u', 10),
        ('m', TimeSpan.TicksPerMillisecond),
        ('S', TimeSpan.TicksPerSecond),
        ('M', TimeSpan.TicksPerMinute),
        ('H', TimeSpan.TicksPerHour),
    ];

    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(timeout.Ticks, 0);
        if (ticks <= MaxValue / 100)
        {
            return (ticks * 100).ToString(CultureInfo.InvariantCulture) + "n";
        }

        foreach (var (unit, perUnit) in Units)
        {
            // Round up: a deadline must never be sent earlier than the caller asked.
            var value = (ticks / perUnit) + (ticks % perUnit == 0 ? 0 : 1);
            if (value <= MaxValue)
            {
                return value.ToString(CultureInfo.InvariantCulture) + unit.ToString();
            }
        }

        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }

    /// <summary>Parses a header value; false when it is malformed (the call then has no deadline).</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length < 2 || value.Length > 9)
        {
            return false;
        }

        var digits = value[..^1];
        long amount = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        long ticks;
        switch (value[^1])
        {
            case 'H': ticks = amount * TimeSpan.TicksPerHour; break;
            case 'M': ticks = amount * TimeSpan.TicksPerMinute; break;
            case 'S': ticks = amount * TimeSpan.TicksPerSecond; break;
            case 'm': ticks = amount * TimeSpan.TicksPerMillisecond; break;
            case 'u': ticks = amount * 10; break;
            case 'n': ticks = amount / 100; break;
            default: return false;
        }

        timeout = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>Now plus <paramref name="timeout"/>, in UTC, saturating instead of overflowing.</summary>
    public static DateTime DeadlineFromNow(TimeSpan timeout)
    {
        var now = DateTime.UtcNow;
        if (timeout <= TimeSpan.Zero)
        {
            return now;
        }

        return timeout >= DateTime.MaxValue - now
            ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)
            : now + timeout;
    }

    /// <summary>A deadline as UTC; <see cref="DateTimeKind.Unspecified"/> is taken as UTC.</summary>
    public static DateTime ToUtc(DateTime deadline) =>
        deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : DateTime.SpecifyKind(deadline, DateTimeKind.Utc);
}
