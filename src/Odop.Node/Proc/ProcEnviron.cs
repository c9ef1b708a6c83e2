using System.Text;
using Odop.Node.Internal;

namespace Odop.Node.Proc;

/// <summary>/proc/&lt;pid&gt;/environ: the environment a process was exec'd with (later setenv calls do not show).</summary>
public static class ProcEnviron
{
    /// <summary>null when the process is gone or its environment is not ours to read.</summary>
    public static IReadOnlyDictionary<string, string>? TryRead(int pid) =>
        ProcFile.TryRead(ProcFile.PathOf(pid, "environ"), out var text) ? Parse(text) : null;

    internal static Dictionary<string, string> Parse(ReadOnlySpan<byte> text)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!text.IsEmpty)
        {
            var entry = SpanParsing.NextToken(ref text, 0);
            var eq = entry.IndexOf((byte)'=');
            if (eq <= 0) continue;
            env[Encoding.UTF8.GetString(entry[..eq])] = Encoding.UTF8.GetString(entry[(eq + 1)..]);
        }
        return env;
    }

    /// <summary>
    /// Reads only the named variables: cheaper when scanning every process on the node. null also when
    /// the environment is empty, as it reads in the middle of an exec (the new program's name is set
    /// before its environment is): the caller should look again rather than conclude.
    /// </summary>
    internal static Dictionary<string, string>? TryReadSome(int pid, IReadOnlyCollection<string> names)
    {
        if (!ProcFile.TryRead(ProcFile.PathOf(pid, "environ"), out var text) || text.IsEmpty) return null;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        Span<byte> key = stackalloc byte[128];
        while (!text.IsEmpty)
        {
            var entry = SpanParsing.NextToken(ref text, 0);
            var eq = entry.IndexOf((byte)'=');
            if (eq <= 0 || eq > key.Length) continue;
            foreach (var name in names)
            {
                if (name.Length != eq) continue;
                var n = Encoding.ASCII.GetBytes(name, key);
                if (!entry[..eq].SequenceEqual(key[..n])) continue;
                env[name] = Encoding.UTF8.GetString(entry[(eq + 1)..]);
                break;
            }
        }
        return env;
    }
}
