using System.Text.Json.Nodes;
using Odop.Core.Internal;
using Odop.Core.Quantities;

namespace Odop.Core.Workflow;

/// <summary>
/// Our extra key <c>retries</c> (on a queue element or a profile):
/// <c>{"max": 3, "backoff": "2s", "factor": 2, "max_backoff": "5m"}</c>. A failed or lost execution is
/// queued again at most <see cref="Max"/> times; retry n waits backoff × factor^(n-1), at most max_backoff.
/// </summary>
public sealed record RetryPolicy(int Max, TimeSpan Backoff, double Factor, TimeSpan MaxBackoff)
{
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(10);
    public const double DefaultFactor = 2;
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromMinutes(10);

    /// <summary>How long retry number <paramref name="retry"/> (1 for the first) waits after the failure.</summary>
    public TimeSpan DelayBefore(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var seconds = Backoff.TotalSeconds * Math.Pow(Factor, retry - 1);
        return double.IsFinite(seconds) && seconds < MaxBackoff.TotalSeconds ? TimeSpan.FromSeconds(seconds) : MaxBackoff;
    }

    public static RetryPolicy Read(JsonObject o, string path)
    {
        var max = JsonFields.OptionalInt(o, path, "max") ?? throw JsonFields.Missing(path, "max");
        if (max < 0) throw new OdopValidationException(null, JsonFields.Join(path, "max"), $"must be 0 or more, not {max}");
        var backoff = Duration(o, path, "backoff") ?? DefaultBackoff;
        var factor = o["factor"] is { } f ? JsonFields.Number(f) ?? throw JsonFields.WrongKind(path, "factor", "a number", f) : DefaultFactor;
        if (factor < 1 || !double.IsFinite(factor))
            throw new OdopValidationException(null, JsonFields.Join(path, "factor"), $"must be a number of at least 1, not {factor}");
        var maxBackoff = Duration(o, path, "max_backoff") ?? DefaultMaxBackoff;
        if (maxBackoff < backoff)
            throw new OdopValidationException(null, JsonFields.Join(path, "max_backoff"), $"{Print(maxBackoff)} is shorter than backoff {Print(backoff)}");
        return new RetryPolicy(max, backoff, factor, maxBackoff);
    }

    public JsonObject ToJson() => new()
    {
        ["max"] = Max,
        ["backoff"] = Print(Backoff),
        ["factor"] = Factor,
        ["max_backoff"] = Print(MaxBackoff),
    };

    private static TimeSpan? Duration(JsonObject o, string path, string key) =>
        JsonFields.ScalarText(o, path, key) is { } text ? DurationQuantity.Parse(text, JsonFields.Join(path, key)).Value : null;

    internal static string Print(TimeSpan span) => new DurationQuantity(span).ToString();
}
