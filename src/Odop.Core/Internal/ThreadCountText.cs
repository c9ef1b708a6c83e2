using System.Globalization;

namespace Odop.Core.Internal;

/// <summary>Thread counts are plain non-negative integers; profiles write them as strings ("4") or numbers.</summary>
internal static class ThreadCountText
{
    public const string Kind = "thread count";
    public const string Examples = "1, 4";

    public static QuantityFault Read(string? text, out int value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return QuantityFault.Empty;
        var s = text.Trim();
        var negative = s[0] == '-';
        var digits = negative ? s[1..] : s;
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit)) return QuantityFault.Malformed;
        if (negative) return QuantityFault.Negative;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            ? QuantityFault.None
            : QuantityFault.TooLarge;
    }

    public static int Parse(string? text, string field)
    {
        var fault = Read(text, out var value);
        return fault == QuantityFault.None
            ? value
            : throw new OdopValidationException(null, field, QuantityText.Describe(fault, text, Kind, Examples));
    }
}
