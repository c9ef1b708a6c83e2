namespace Odop.Node.Sampling.Internal;

/// <summary>
/// Iterates the interface lines of /proc/net/dev, yielding the name and the rx/tx byte counters
/// as spans. Accepts both "eth0: 123" and the old "eth0:123" spacing.
/// </summary>
internal ref struct NetDevReader(ReadOnlySpan<byte> text)
{
    private ByteCursor _lines = new(text);

    public bool TryNext(out ReadOnlySpan<byte> name, out ulong rxBytes, out ulong txBytes)
    {
        while (!_lines.IsEmpty)
        {
            var line = _lines.NextLine();
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue; // the two header lines have '|' but no ':'
            name = ByteCursor.Trim(line[..colon]);
            var fields = new ByteCursor(line[(colon + 1)..]);
            // Receive: bytes packets errs drop fifo frame compressed multicast; then Transmit: bytes ...
            if (!fields.TryNextUInt64(out rxBytes)) continue;
            fields.Skip(7);
            if (!fields.TryNextUInt64(out txBytes)) continue;
            return true;
        }
        name = default;
        rxBytes = txBytes = 0;
        return false;
    }
}
