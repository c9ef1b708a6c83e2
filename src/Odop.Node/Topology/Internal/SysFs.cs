using System.Globalization;
using Odop.Core.Hardware;

namespace Odop.Node.Topology.Internal;

/// <summary>Small readers for one-value files under a (possibly fake) filesystem root. Read once at start, so plain strings are fine.</summary>
internal sealed class SysFs(string root)
{
    public string PathOf(string relative) => Path.Combine(root, relative.TrimStart('/'));

    public string? ReadText(string relative)
    {
        try
        {
            return File.ReadAllText(PathOf(relative)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public int? ReadInt(string relative) =>
        int.TryParse(ReadText(relative), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    public CpuSet? ReadCpuSet(string relative) =>
        ReadText(relative) is { } text && CpuSet.TryParse(text, out var set, out _) ? set : null;

    public IEnumerable<string> Lines(string relative) =>
        ReadText(relative) is { } text ? text.Split('\n') : [];

    /// <summary>Ids of entries named prefix + number ("cpu12", "node1") in a directory.</summary>
    public IReadOnlyList<int> NumberedEntries(string relative, string prefix)
    {
        var ids = new List<int>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(PathOf(relative), prefix + "*"))
            {
                var name = Path.GetFileName(dir);
                if (int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) ids.Add(id);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Absent directory: no entries.
        }
        ids.Sort();
        return ids;
    }

    /// <summary>The value of "key : value" lines (/proc/cpuinfo, /proc/self/status), first match.</summary>
    public string? Field(string relative, string key)
    {
        foreach (var line in Lines(relative))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().SequenceEqual(key)) return line[(colon + 1)..].Trim();
        }
        return null;
    }
}
