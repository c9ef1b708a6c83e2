namespace Odop.Node.Sampling.Internal;

/// <summary>Parses /proc/loadavg: "1.89 1.24 0.66 8/133 11726".</summary>
internal static class LoadAvgParser
{
    public static LoadAverage Parse(ReadOnlySpan<byte> text)
    {
        var cursor = new ByteCursor(text);
        cursor.TryNextDouble(out var one);
        cursor.TryNextDouble(out var five);
        cursor.TryNextDouble(out var fifteen);
        var tasks = cursor.NextToken();
        var slash = tasks.IndexOf((byte)'/');
        int runnable = 0, total = 0;
        if (slash > 0)
        {
            ByteCursor.TryParse(tasks[..slash], out runnable);
            ByteCursor.TryParse(tasks[(slash + 1)..], out total);
        }
        return new LoadAverage(one, five, fifteen, runnable, total);
    }
}
