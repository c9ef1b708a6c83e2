using System.Buffers.Text;

namespace Odop.Node.Internal;

/// <summary>Small helpers for parsing ASCII /proc text without allocating.</summary>
internal static class SpanParsing
{
    internal static long ParseLong(ReadOnlySpan<byte> text)
    {
        text = text.Trim((byte)' ').Trim((byte)'\t');
        return Utf8Parser.TryParse(text, out long value, out _) ? value : 0;
    }

    /// <summary>Splits off the next token separated by <paramref name="separator"/>.</summary>
    internal static ReadOnlySpan<byte> NextToken(ref ReadOnlySpan<byte> rest, byte separator)
    {
        var i = rest.IndexOf(separator);
        ReadOnlySpan<byte> token;
        if (i < 0) { token = rest; rest = default; }
        else { token = rest[..i]; rest = rest[(i + 1)..]; }
        return token;
    }

    internal static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return false;
        foreach (var c in text) if (c is < '0' or > '9') return false;
        return true;
    }
}
