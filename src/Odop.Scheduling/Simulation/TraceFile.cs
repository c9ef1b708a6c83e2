using System.Globalization;
using System.Text.Json;

namespace Odop.Scheduling.Simulation;

/// <summary>
/// Recorded traces as JSON lines, one sample per line:
/// <c>{"t": 12.3, "cores": [0.97, 0.05, …], "reclaimable": [0.0, 0.0, …]}</c> — t in seconds,
/// utilisation 0..1 per core in core-id order, "reclaimable" optional (share spent in MPI waits).
/// Blank lines and lines starting with '#' are skipped. Reads and writes text, never files: the
/// caller opens them.
/// </summary>
public static class TraceFile
{
    /// <summary>
    /// Reads a trace. Samples are put on a regular grid of <paramref name="period"/> (by default the
    /// median gap between samples); a grid slot takes the latest sample at or before it, so a gap in
    /// the recording repeats the sample before it.
    /// </summary>
    public static UtilisationTrace Read(TextReader reader, TimeSpan? period = null)
    {
        var rows = new List<(double T, double[] Cores, double[]? Reclaimable)>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#') continue;
            rows.Add(ParseLine(text, lineNumber, rows.Count == 0 ? null : rows[0].Cores.Length));
        }
        if (rows.Count == 0) throw new FormatException("the trace has no samples");
        rows.Sort((a, b) => a.T.CompareTo(b.T));

        var step = period?.TotalSeconds ?? MedianGap(rows);
        if (step <= 0) throw new FormatException("the trace's samples must be spread over time");
        var start = rows[0].T;
        var slots = (int)Math.Round((rows[^1].T - start) / step) + 1;
        var usage = new double[slots][];
        var reclaimable = rows.Exists(r => r.Reclaimable is not null) ? new double[slots][] : null;
        var at = 0;
        for (var k = 0; k < slots; k++)
        {
            while (at + 1 < rows.Count && rows[at + 1].T <= start + (k + 0.5) * step) at++;
            usage[k] = rows[at].Cores;
            if (reclaimable is not null) reclaimable[k] = rows[at].Reclaimable ?? new double[rows[at].Cores.Length];
        }
        return new UtilisationTrace(TimeSpan.FromSeconds(step), usage, reclaimable);
    }

    public static UtilisationTrace Parse(string text, TimeSpan? period = null) => Read(new StringReader(text), period);

    /// <summary>Writes <paramref name="trace"/> in the same format, t starting at 0.</summary>
    public static void Write(TextWriter writer, UtilisationTrace trace)
    {
        for (var t = 0; t < trace.Length; t++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{{\"t\": {(trace.Period * t).TotalSeconds:0.###}, \"cores\": ["));
            WriteRow(writer, trace.Cores, core => trace.Usage(t, core));
            if (trace.HasReclaimable)
            {
                writer.Write("], \"reclaimable\": [");
                WriteRow(writer, trace.Cores, core => trace.Reclaimable(t, core));
            }
            writer.WriteLine("]}");
        }
    }

    private static void WriteRow(TextWriter writer, int cores, Func<int, double> value)
    {
        for (var core = 0; core < cores; core++)
        {
            if (core > 0) writer.Write(", ");
            writer.Write(value(core).ToString("0.####", CultureInfo.InvariantCulture));
        }
    }

    private static (double, double[], double[]?) ParseLine(string text, int line, int? cores)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("a sample must be a JSON object");
            if (!root.TryGetProperty("t", out var t) || t.ValueKind != JsonValueKind.Number) throw new FormatException("\"t\" (seconds) is missing or not a number");
            if (!root.TryGetProperty("cores", out var c)) throw new FormatException("\"cores\" is missing");
            var usage = Shares(c, "cores");
            if (usage.Length == 0 || (cores is { } n && usage.Length != n))
                throw new FormatException($"\"cores\" must list {(cores is { } m ? m.ToString(CultureInfo.InvariantCulture) : "at least one")} value(s), one per core");
            double[]? reclaimable = null;
            if (root.TryGetProperty("reclaimable", out var r))
            {
                reclaimable = Shares(r, "reclaimable");
                if (reclaimable.Length != usage.Length) throw new FormatException("\"reclaimable\" must list one value per core");
            }
            return (t.GetDouble(), usage, reclaimable);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new FormatException($"trace line {line}: {ex.Message}", ex);
        }
    }

    private static double[] Shares(JsonElement array, string name)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new FormatException($"\"{name}\" must be an array of numbers");
        var values = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var value = item.ValueKind == JsonValueKind.Number ? item.GetDouble() : double.NaN;
            if (!(value >= 0 && value <= 1)) throw new FormatException($"\"{name}\"[{i}] must be a number from 0 to 1");
            values[i++] = value;
        }
        return values;
    }

    private static double MedianGap(List<(double T, double[] Cores, double[]? Reclaimable)> rows)
    {
        if (rows.Count == 1) return SyntheticTraces.DefaultPeriod.TotalSeconds;
        var gaps = new double[rows.Count - 1];
        for (var i = 1; i < rows.Count; i++) gaps[i - 1] = rows[i].T - rows[i - 1].T;
        Array.Sort(gaps);
        return gaps[(gaps.Length - 1) / 2]; // the lower median: a few gaps in a short recording do not set the period
    }
}
