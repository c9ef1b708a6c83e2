using System.Globalization;

namespace Odop.Node.Sampling.Internal;

/// <summary>
/// Parses the output of
/// <c>nvidia-smi --query-gpu=index,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits</c>:
/// one line per GPU such as "0, 45, 1024, 81559" (percent, MiB). "[N/A]" fields become null.
/// </summary>
internal static class NvidiaSmiCsv
{
    public const string Arguments = "--query-gpu=index,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits";

    private const long MiB = 1024 * 1024;

    public static GpuUsage[] Parse(string output)
    {
        var gpus = new List<GpuUsage>();
        foreach (var raw in output.Split('\n'))
        {
            var fields = raw.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length < 4 || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                continue;
            gpus.Add(new GpuUsage(index, Number(fields[1]) / 100, (long?)(Number(fields[2]) * MiB), (long?)(Number(fields[3]) * MiB)));
        }
        return [.. gpus];
    }

    private static double? Number(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
