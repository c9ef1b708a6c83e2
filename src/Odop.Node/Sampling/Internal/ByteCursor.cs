using System.Buffers;
using System.Buffers.Text;

namespace Odop.Node.Sampling.Internal;

/// <summary>
/// Forward-only reader over the ASCII text of a /proc file: lines, whitespace-separated tokens and
/// numbers, all as spans, so parsing a sample allocates nothing.
/// </summary>
internal ref struct ByteCursor(ReadOnlySpan<byte> text)
{
    private ReadOnlySpan<byte> _rest = text;

    public readonly bool IsEmpty => _rest.IsEmpty;

    public ReadOnlySpan<byte> NextLine()
    {
        var end = _rest.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (end < 0) { line = _rest; _rest = default; }
        else { line = _rest[..end]; _rest = _rest[(end + 1)..]; }
        return line;
    }

    public ReadOnlySpan<byte> NextToken()
    {
        var start = _rest.IndexOfAnyExcept(Spaces);
        if (start < 0)
        {
            _rest = default;
            return default;
        }
        var rest = _rest[start..];
        var end = rest.IndexOfAny(Spaces);
        if (end < 0) end = rest.Length;
        _rest = rest[end..];
        return rest[..end];
    }

    public void Skip(int tokens)
    {
        for (var i = 0; i < tokens; i++) NextToken();
    }

    public bool TryNextUInt64(out ulong value) => TryParse(NextToken(), out value);

    public bool TryNextInt64(out long value) => TryParse(NextToken(), out value);

    public bool TryNextInt32(out int value) => TryParse(NextToken(), out value);

    public bool TryNextDouble(out double value)
    {
        var token = NextToken();
        return Utf8Parser.TryParse(token, out value, out var used) && used == token.Length && token.Length > 0;
    }

    // The whole token must be a number: "12kB" or "N/A" is not 12 or 0.
    public static bool TryParse(ReadOnlySpan<byte> token, out ulong value) =>
        Utf8Parser.TryParse(token, out value, out var used) && used == token.Length && token.Length > 0;

    public static bool TryParse(ReadOnlySpan<byte> token, out long value) =>
        Utf8Parser.TryParse(token, out value, out var used) && used == token.Length && token.Length > 0;

    public static bool TryParse(ReadOnlySpan<byte> token, out int value) =>
        Utf8Parser.TryParse(token, out value, out var used) && used == token.Length && token.Length > 0;

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length && IsSpace(text[start])) start++;
        var end = text.Length;
        while (end > start && IsSpace(text[end - 1])) end--;
        return text[start..end];
    }

    private static readonly SearchValues<byte> Spaces = SearchValues.Create(" \t\r\n"u8);

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
