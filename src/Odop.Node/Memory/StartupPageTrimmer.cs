using System.Globalization;
using Odop.Node.Internal;

namespace Odop.Node.Memory;

/// <summary>
/// Drops this process's clean, read-only file pages from its page tables, so its resident set shows what
/// it uses now rather than everything start-up touched. A .NET process maps ~50 MB of runtime and
/// library images; most of those pages run once (host start-up, JIT of every method the agent calls)
/// and would stay counted in RSS for the life of the process.
/// </summary>
/// <remarks>
/// Only mappings that are backed by a file, not writable and hold no copied-on-write page
/// ("Anonymous: 0 kB" in smaps) are touched: every resident page there is identical to the file, so
/// madvise(MADV_DONTNEED) loses nothing and the next access faults the page back in from the page
/// cache. It is what the kernel itself does to clean file pages under memory pressure; the pages stay in
/// the page cache, so this frees no memory by itself, it stops the agent from being charged for pages
/// it no longer uses. The steady-state RSS after a trim is the agent's true working set.
/// </remarks>
public static class StartupPageTrimmer
{
    /// <summary>What one trim did.</summary>
    public readonly record struct TrimResult(int Mappings, long ResidentBytesDropped);

    /// <summary>Trims the current process; never throws (a failing mapping is left as it is).</summary>
    public static TrimResult TrimCurrentProcess(string smapsPath = "/proc/self/smaps")
    {
        string[] lines;
        try { lines = File.ReadAllLines(smapsPath); }
        catch (IOException) { return default; }
        catch (UnauthorizedAccessException) { return default; }

        int mappings = 0;
        long dropped = 0;
        foreach (var mapping in ParseCandidates(lines))
        {
            if (Libc.madvise(mapping.Start, (nuint)(mapping.End - mapping.Start), Libc.MADV_DONTNEED) != 0) continue;
            mappings++;
            dropped += mapping.ResidentBytes;
        }
        return new TrimResult(mappings, dropped);
    }

    internal readonly record struct Mapping(nint Start, nint End, long ResidentBytes);

    /// <summary>The mappings of an smaps text that are safe to trim (see the remarks on the type).</summary>
    internal static List<Mapping> ParseCandidates(IReadOnlyList<string> smaps)
    {
        var result = new List<Mapping>();
        Mapping? current = null;
        var eligible = false;
        long rss = 0, anonymous = -1;
        void Close()
        {
            if (current is { } m && eligible && rss > 0 && anonymous == 0) result.Add(m with { ResidentBytes = rss });
        }
        foreach (var line in smaps)
        {
            if (IsHeader(line, out var start, out var end, out var perms, out var path))
            {
                Close();
                current = new Mapping(start, end, 0);
                // Never writable (private or shared: the runtime maps whole assemblies read-only shared), and a
                // real file that still exists.
                eligible = perms.Length >= 4 && perms[1] == '-'
                    && path.StartsWith('/') && !path.EndsWith(" (deleted)", StringComparison.Ordinal);
                rss = 0;
                anonymous = -1;
            }
            else if (line.StartsWith("Rss:", StringComparison.Ordinal)) rss = Kilobytes(line) * 1024;
            else if (line.StartsWith("Anonymous:", StringComparison.Ordinal)) anonymous = Kilobytes(line);
        }
        Close();
        return result;
    }

    // "7f0c1a200000-7f0c1a3f5000 r-xp 00000000 fd:01 1234 /usr/lib/x86_64-linux-gnu/libc.so.6"
    private static bool IsHeader(string line, out nint start, out nint end, out string perms, out string path)
    {
        start = end = 0;
        perms = path = "";
        var dash = line.IndexOf('-');
        var space = line.IndexOf(' ');
        if (dash <= 0 || space <= dash) return false;
        if (!long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var s)
            || !long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var e))
            return false;
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5) return false;
        (start, end, perms) = ((nint)s, (nint)e, fields[1]);
        path = fields.Length == 6 ? fields[5].Trim() : "";
        return true;
    }

    private static long Kilobytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : -1;
    }
}
