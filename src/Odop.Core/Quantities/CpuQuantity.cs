using System.Diagnostics.CodeAnalysis;
using Odop.Core.Internal;

namespace Odop.Core.Quantities;

/// <summary>
/// An amount of CPU in millicpus (1000 = one core busy all the time). Written "500mcpu" or "250m",
/// or in cores as "1.5" or "2"; prints as "1500mcpu", the form the ODOP specification uses.
/// </summary>
public readonly record struct CpuQuantity : IComparable<CpuQuantity>
{
    internal const string Kind = "CPU quantity";
    internal const string Examples = "500mcpu, 1.5, 2";

    public CpuQuantity(long millicpus)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(millicpus);
        Millicpus = millicpus;
    }

    public long Millicpus { get; }

    public double Cores => Millicpus / 1000.0;

    public static CpuQuantity FromCores(double cores) => new(checked((long)Math.Ceiling(cores * 1000)));

    /// <summary>Parses; <paramref name="field"/> names where the text came from in the error.</summary>
    public static CpuQuantity Parse(string? text, string field = "cpus")
    {
        var fault = Read(text, out var value);
        return fault == QuantityFault.None
            ? value
            : throw new OdopValidationException(null, field, QuantityText.Describe(fault, text, Kind, Examples));
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out CpuQuantity value) =>
        Read(text, out value) == QuantityFault.None;

    internal static QuantityFault Read(string? text, out CpuQuantity value)
    {
        value = default;
        var fault = QuantityText.Split(text, out var number, out var unit);
        if (fault != QuantityFault.None) return fault;
        decimal factor = unit switch
        {
            "mcpu" or "m" => 1,
            "" or "cpu" or "cpus" => 1000,
            _ => 0,
        };
        if (factor == 0) return QuantityFault.Malformed;
        fault = QuantityText.ToWhole(number, factor, out var millicpus);
        if (fault == QuantityFault.None) value = new CpuQuantity(millicpus);
        return fault;
    }

    public int CompareTo(CpuQuantity other) => Millicpus.CompareTo(other.Millicpus);

    public static bool operator <(CpuQuantity a, CpuQuantity b) => a.Millicpus < b.Millicpus;
    public static bool operator >(CpuQuantity a, CpuQuantity b) => a.Millicpus > b.Millicpus;
    public static bool operator <=(CpuQuantity a, CpuQuantity b) => a.Millicpus <= b.Millicpus;
    public static bool operator >=(CpuQuantity a, CpuQuantity b) => a.Millicpus >= b.Millicpus;

    public override string ToString() => QuantityText.Format(Millicpus) + "mcpu";
}
