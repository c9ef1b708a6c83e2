using System.Buffers.Binary;
using System.Text;

namespace Odop.Node.Cluster.Internal;

/// <summary>
/// The bytes the exchange sends. One entry: name length, UTF-8 name, world rank, inventory
/// length, inventory (int32 little-endian). A list: entry count, then the entries.
/// </summary>
internal static class NodeEntryCodec
{
    internal static byte[] Encode(NodeEntry entry)
    {
        var name = Encoding.UTF8.GetBytes(entry.NodeName);
        var bytes = new byte[12 + name.Length + entry.InventoryJson.Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, name.Length);
        name.CopyTo(span[4..]);
        span = span[(4 + name.Length)..];
        BinaryPrimitives.WriteInt32LittleEndian(span, entry.WorldRank);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], entry.InventoryJson.Length);
        entry.InventoryJson.CopyTo(span[8..]);
        return bytes;
    }

    /// <summary>A list from entries that are each already encoded.</summary>
    internal static byte[] Combine(IReadOnlyList<byte[]> encodedEntries)
    {
        var bytes = new byte[4 + encodedEntries.Sum(e => (long)e.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, encodedEntries.Count);
        int offset = 4;
        foreach (var entry in encodedEntries)
        {
            entry.CopyTo(bytes, offset);
            offset += entry.Length;
        }
        return bytes;
    }

    /// <exception cref="InvalidDataException">The bytes are not a whole list.</exception>
    internal static IReadOnlyList<NodeEntry> DecodeAll(ReadOnlySpan<byte> bytes)
    {
        int count = ReadInt(ref bytes);
        if (count < 0)
            throw new InvalidDataException($"node list: negative count {count}");
        var entries = new List<NodeEntry>(Math.Min(count, 4096));
        for (int i = 0; i < count; i++)
        {
            var name = Encoding.UTF8.GetString(ReadBlock(ref bytes));
            int rank = ReadInt(ref bytes);
            entries.Add(new NodeEntry(name, rank, ReadBlock(ref bytes).ToArray()));
        }
        if (!bytes.IsEmpty)
            throw new InvalidDataException($"node list: {bytes.Length} bytes left after {count} entries");
        return entries;
    }

    private static int ReadInt(ref ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
            throw new InvalidDataException("node list: truncated");
        int value = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        bytes = bytes[4..];
        return value;
    }

    private static ReadOnlySpan<byte> ReadBlock(ref ReadOnlySpan<byte> bytes)
    {
        int length = ReadInt(ref bytes);
        if (length < 0 || length > bytes.Length)
            throw new InvalidDataException("node list: truncated");
        var block = bytes[..length];
        bytes = bytes[length..];
        return block;
    }
}
