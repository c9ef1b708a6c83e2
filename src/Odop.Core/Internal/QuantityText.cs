using System.Globalization;

namespace Odop.Core.Internal;

internal enum QuantityFault { None, Empty, Malformed, Negative, TooLarge }

/// <summary>
/// The grammar shared by all quantities: a plain decimal number followed by an optional unit
/// ("1.5Gi", "500mcpu", "90s"). No signs, exponents or separators, so a value reads one way only.
/// </summary>
internal static class QuantityText
{
    /// <summary>Splits "1.5Gi" into 1.5 and "Gi"; a leading '-' on an otherwise valid amount is reported as negative.</summary>
    public static QuantityFault Split(string? text, out decimal number, out string unit)
    {
        number = 0;
        unit = "";
        if (string.IsNullOrWhiteSpace(text)) return QuantityFault.Empty;
        var s = text.Trim();
        var negative = s[0] == '-';
        var pos = negative ? 1 : 0;
        var fault = ReadSegment(s, ref pos, out number, out unit);
        if (fault != QuantityFault.None) return fault;
        if (pos != s.Length) return QuantityFault.Malformed;
        return negative ? QuantityFault.Negative : QuantityFault.None;
    }

    /// <summary>Reads one "number unit" pair starting at <paramref name="pos"/>; the unit is letters only.</summary>
    public static QuantityFault ReadSegment(string s, ref int pos, out decimal number, out string unit)
    {
        number = 0;
        unit = "";
        var start = pos;
        while (pos < s.Length && (char.IsAsciiDigit(s[pos]) || s[pos] == '.')) pos++;
        var digits = s[start..pos];
        while (pos < s.Length && s[pos] == ' ') pos++;
        var unitStart = pos;
        while (pos < s.Length && char.IsAsciiLetter(s[pos])) pos++;
        unit = s[unitStart..pos];
        if (digits.Length == 0 || digits.Count(c => c == '.') > 1 || !digits.Any(char.IsAsciiDigit))
            return QuantityFault.Malformed;
        // The shape is a valid number, so failing here can only mean it does not fit in a decimal.
        return decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number)
            ? QuantityFault.None
            : QuantityFault.TooLarge;
    }

    /// <summary>number × factor rounded up to a whole base unit, so a requirement is never understated.</summary>
    public static QuantityFault ToWhole(decimal number, decimal factor, out long whole)
    {
        whole = 0;
        try
        {
            var scaled = decimal.Ceiling(number * factor);
            if (scaled > long.MaxValue) return QuantityFault.TooLarge;
            whole = (long)scaled;
            return QuantityFault.None;
        }
        catch (OverflowException)
        {
            return QuantityFault.TooLarge;
        }
    }

    /// <summary>The problem text for a fault, e.g. "'5x' is not a CPU quantity (examples: 500mcpu, 1.5, 2)".</summary>
    public static string Describe(QuantityFault fault, string? text, string kind, string examples) => fault switch
    {
        QuantityFault.Empty => $"empty value; expected {Article(kind)} {kind} (examples: {examples})",
        QuantityFault.Negative => $"'{text}' is negative; {Article(kind)} {kind} must be 0 or more",
        QuantityFault.TooLarge => $"'{text}' is too large for {Article(kind)} {kind}",
        _ => $"'{text}' is not {Article(kind)} {kind} (examples: {examples})",
    };

    private static string Article(string kind) => "aeiou".Contains(char.ToLowerInvariant(kind[0])) ? "an" : "a";

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
