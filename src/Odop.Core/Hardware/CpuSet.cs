using System.Globalization;
using System.Text;

namespace Odop.Core.Hardware;

/// <summary>
/// An immutable set of logical CPU ids. Parses and prints the Linux list format
/// ("0-3,8,10-11") used by /proc/&lt;pid&gt;/status, cpuset.cpus and taskset; core bookkeeping is
/// set algebra on these values.
/// </summary>
public sealed class CpuSet : IEquatable<CpuSet>
{
    /// <summary>The highest CPU id accepted; matches the kernel's CONFIG_NR_CPUS upper bound.</summary>
    public const int MaxCpuId = 8191;

    private readonly int[] _ids; // sorted, distinct

    public static readonly CpuSet Empty = new([]);

    private CpuSet(int[] sortedDistinct) => _ids = sortedDistinct;

    public static CpuSet Of(params IEnumerable<int> ids)
    {
        var list = new SortedSet<int>();
        foreach (var id in ids)
        {
            if (id < 0 || id > MaxCpuId)
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"CPU id must be between 0 and {MaxCpuId}.");
            list.Add(id);
        }
        return list.Count == 0 ? Empty : new CpuSet([.. list]);
    }

    public static CpuSet Range(int first, int count) => Of(Enumerable.Range(first, count));

    /// <summary>Parses the Linux list format; an empty or blank string is the empty set.</summary>
    public static CpuSet Parse(string text)
    {
        if (!TryParse(text, out var set, out var error))
            throw new FormatException($"invalid CPU list '{text}': {error}");
        return set;
    }

    public static bool TryParse(string? text, out CpuSet set, out string error)
    {
        set = Empty;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) return true;
        var ids = new SortedSet<int>();
        foreach (var raw in text.Trim().Split(','))
        {
            var part = raw.Trim();
            var dash = part.IndexOf('-');
            if (dash < 0)
            {
                if (!TryParseId(part, out var id)) { error = $"'{part}' is not a CPU id"; return false; }
                ids.Add(id);
                continue;
            }
            if (!TryParseId(part[..dash], out var lo) || !TryParseId(part[(dash + 1)..], out var hi))
            { error = $"'{part}' is not a range like 2-5"; return false; }
            if (hi < lo) { error = $"range '{part}' ends before it starts"; return false; }
            for (var i = lo; i <= hi; i++) ids.Add(i);
        }
        set = ids.Count == 0 ? Empty : new CpuSet([.. ids]);
        return true;
    }

    private static bool TryParseId(string s, out int id) =>
        int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= MaxCpuId;

    public int Count => _ids.Length;
    public bool IsEmpty => _ids.Length == 0;
    public IReadOnlyList<int> Ids => _ids;
    public bool Contains(int id) => Array.BinarySearch(_ids, id) >= 0;

    public CpuSet Union(CpuSet other) => Of(_ids.Concat(other._ids));
    public CpuSet Intersect(CpuSet other) => Of(_ids.Where(other.Contains));
    public CpuSet Except(CpuSet other) => Of(_ids.Where(id => !other.Contains(id)));
    public bool Overlaps(CpuSet other) => _ids.Any(other.Contains);
    public bool IsSubsetOf(CpuSet other) => _ids.All(other.Contains);

    /// <summary>The first <paramref name="count"/> ids in ascending order.</summary>
    public CpuSet Take(int count) => new(_ids.Take(count).ToArray());

    /// <summary>Prints the Linux list format with runs collapsed: {0,1,2,3,8} is "0-3,8".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _ids.Length; i++)
        {
            var start = _ids[i];
            while (i + 1 < _ids.Length && _ids[i + 1] == _ids[i] + 1) i++;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(start.ToString(CultureInfo.InvariantCulture));
            if (_ids[i] != start) sb.Append('-').Append(_ids[i].ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public bool Equals(CpuSet? other) => other is not null && _ids.AsSpan().SequenceEqual(other._ids);
    public override bool Equals(object? obj) => Equals(obj as CpuSet);
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var id in _ids) h.Add(id);
        return h.ToHashCode();
    }
}
