using System.Diagnostics.CodeAnalysis;
using System.Text;
using Odop.Core.Internal;

namespace Odop.Core.Quantities;

/// <summary>
/// A length of time, whole milliseconds. Written as one or more "number unit" parts with units
/// d, h, m or min, s, ms ("10min", "1h30m", "250ms", "1.5h"); a plain number is seconds.
/// Prints the compact form: 90 seconds is "1m30s".
/// </summary>
public readonly record struct DurationQuantity : IComparable<DurationQuantity>
{
    internal const string Kind = "duration";
    internal const string Examples = "10min, 90s, 1h30m, 250ms";

    private static readonly (string Unit, long Ms)[] PrintUnits =
        [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];

    /// <summary>Rounded up to a whole millisecond so that every value prints and parses back exactly.</summary>
    public DurationQuantity(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        var ms = value.Ticks / TimeSpan.TicksPerMillisecond;
        if (value.Ticks % TimeSpan.TicksPerMillisecond != 0) ms++;
        Milliseconds = ms;
    }

    public static DurationQuantity FromSeconds(double seconds) => new(TimeSpan.FromSeconds(seconds));

    public long Milliseconds { get; }

    public TimeSpan Value => TimeSpan.FromMilliseconds(Milliseconds);

    public double TotalSeconds => Milliseconds / 1000.0;

    /// <summary>Parses; <paramref name="field"/> names where the text came from in the error.</summary>
    public static DurationQuantity Parse(string? text, string field = "time")
    {
        var fault = Read(text, out var value);
        return fault == QuantityFault.None
            ? value
            : throw new OdopValidationException(null, field, QuantityText.Describe(fault, text, Kind, Examples));
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out DurationQuantity value) =>
        Read(text, out value) == QuantityFault.None;

    internal static QuantityFault Read(string? text, out DurationQuantity value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return QuantityFault.Empty;
        var s = text.Trim();
        var negative = s[0] == '-';
        var pos = negative ? 1 : 0;
        decimal totalMs = 0;
        var parts = 0;
        while (pos < s.Length)
        {
            var fault = QuantityText.ReadSegment(s, ref pos, out var number, out var unit);
            if (fault != QuantityFault.None) return fault;
            // A bare number is seconds, but only on its own: "1h30" is more likely a typo than 1h30s.
            if (unit == "" && (parts > 0 || pos < s.Length)) return QuantityFault.Malformed;
            var unitMs = UnitMilliseconds(unit);
            if (unitMs == 0) return QuantityFault.Malformed;
            try { totalMs += number * unitMs; }
            catch (OverflowException) { return QuantityFault.TooLarge; }
            parts++;
            while (pos < s.Length && s[pos] == ' ') pos++;
        }
        if (parts == 0) return QuantityFault.Malformed;
        if (negative) return QuantityFault.Negative;
        var whole = QuantityText.ToWhole(totalMs, 1, out var ms);
        if (whole != QuantityFault.None) return whole;
        if (ms > TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond) return QuantityFault.TooLarge;
        value = new DurationQuantity(TimeSpan.FromMilliseconds(ms));
        return QuantityFault.None;
    }

    private static long UnitMilliseconds(string unit) => unit switch
    {
        "d" => 86_400_000,
        "h" => 3_600_000,
        "m" or "min" => 60_000,
        "" or "s" => 1_000,
        "ms" => 1,
        _ => 0,
    };

    public int CompareTo(DurationQuantity other) => Milliseconds.CompareTo(other.Milliseconds);

    public static bool operator <(DurationQuantity a, DurationQuantity b) => a.Milliseconds < b.Milliseconds;
    public static bool operator >(DurationQuantity a, DurationQuantity b) => a.Milliseconds > b.Milliseconds;
    public static bool operator <=(DurationQuantity a, DurationQuantity b) => a.Milliseconds <= b.Milliseconds;
    public static bool operator >=(DurationQuantity a, DurationQuantity b) => a.Milliseconds >= b.Milliseconds;

    public override string ToString()
    {
        if (Milliseconds == 0) return "0s";
        var sb = new StringBuilder();
        var rest = Milliseconds;
        foreach (var (unit, ms) in PrintUnits)
        {
            if (rest < ms) continue;
            sb.Append(QuantityText.Format(rest / ms)).Append(unit);
            rest %= ms;
        }
        return sb.ToString();
    }
}
