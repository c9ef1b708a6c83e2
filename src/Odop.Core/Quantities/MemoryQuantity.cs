using System.Diagnostics.CodeAnalysis;
using Odop.Core.Internal;

namespace Odop.Core.Quantities;

/// <summary>
/// An amount of memory in bytes. Decimal units k, M, G, T, P, E (powers of 1000) and binary units
/// Ki, Mi, Gi, Ti, Pi, Ei (powers of 1024), each optionally followed by "B"; a plain number is bytes.
/// Prints the shortest exact form: 2000000000 is "2G", 536870912 is "512Mi".
/// </summary>
public readonly record struct MemoryQuantity : IComparable<MemoryQuantity>
{
    internal const string Kind = "memory quantity";
    internal const string Examples = "2G, 512Mi, 1.5Gi, 1024";

    // Largest first, so printing finds the biggest exact unit early.
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("Ei", 1L << 60), ("E", 1_000_000_000_000_000_000), ("Pi", 1L << 50), ("P", 1_000_000_000_000_000),
        ("Ti", 1L << 40), ("T", 1_000_000_000_000), ("Gi", 1L << 30), ("G", 1_000_000_000),
        ("Mi", 1L << 20), ("M", 1_000_000), ("Ki", 1L << 10), ("k", 1_000),
    ];

    public MemoryQuantity(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Bytes = bytes;
    }

    public long Bytes { get; }

    /// <summary>Parses; <paramref name="field"/> names where the text came from in the error.</summary>
    public static MemoryQuantity Parse(string? text, string field = "memory")
    {
        var fault = Read(text, out var value);
        return fault == QuantityFault.None
            ? value
            : throw new OdopValidationException(null, field, QuantityText.Describe(fault, text, Kind, Examples));
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out MemoryQuantity value) =>
        Read(text, out value) == QuantityFault.None;

    internal static QuantityFault Read(string? text, out MemoryQuantity value)
    {
        value = default;
        var fault = QuantityText.Split(text, out var number, out var unit);
        if (fault != QuantityFault.None) return fault;
        var factor = FactorOf(unit);
        if (factor == 0) return QuantityFault.Malformed;
        fault = QuantityText.ToWhole(number, factor, out var bytes);
        if (fault == QuantityFault.None) value = new MemoryQuantity(bytes);
        return fault;
    }

    private static long FactorOf(string unit)
    {
        if (unit is "" or "B") return 1;
        // "K" is accepted for "k" because people write both; lowercase m/g are refused: "m" means milli elsewhere.
        var bare = unit.EndsWith('B') ? unit[..^1] : unit;
        if (bare == "K") bare = "k";
        foreach (var (name, factor) in Units)
            if (name == bare) return factor;
        return 0;
    }

    public int CompareTo(MemoryQuantity other) => Bytes.CompareTo(other.Bytes);

    public static bool operator <(MemoryQuantity a, MemoryQuantity b) => a.Bytes < b.Bytes;
    public static bool operator >(MemoryQuantity a, MemoryQuantity b) => a.Bytes > b.Bytes;
    public static bool operator <=(MemoryQuantity a, MemoryQuantity b) => a.Bytes <= b.Bytes;
    public static bool operator >=(MemoryQuantity a, MemoryQuantity b) => a.Bytes >= b.Bytes;

    public override string ToString()
    {
        var best = QuantityText.Format(Bytes);
        if (Bytes == 0) return best;
        foreach (var (unit, factor) in Units)
        {
            if (Bytes % factor != 0) continue;
            var candidate = QuantityText.Format(Bytes / factor) + unit;
            if (candidate.Length < best.Length) best = candidate;
        }
        return best;
    }
}
