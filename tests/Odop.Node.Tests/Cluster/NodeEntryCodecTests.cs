using System.Text;
using Odop.Node.Cluster;
using Odop.Node.Cluster.Internal;

namespace Odop.Node.Tests.Cluster;

public class NodeEntryCodecTests
{
    [Test]
    public void CombinedEntries_DecodeToTheSameEntriesInOrder()
    {
        var a = new NodeEntry("n01", 0, Encoding.UTF8.GetBytes("""{"cores":8}"""));
        var b = new NodeEntry("nœud-2", 7, []);

        var decoded = NodeEntryCodec.DecodeAll(NodeEntryCodec.Combine([NodeEntryCodec.Encode(a), NodeEntryCodec.Encode(b)]));

        Assert.That(decoded.Select(e => (e.NodeName, e.WorldRank)), Is.EqualTo(new[] { ("n01", 0), ("nœud-2", 7) }));
        Assert.That(decoded[0].InventoryJson, Is.EqualTo(a.InventoryJson));
        Assert.That(decoded[1].InventoryJson, Is.Empty);
    }

    [Test]
    public void DecodeAll_OfAnEmptyList_IsEmpty()
    {
        Assert.That(NodeEntryCodec.DecodeAll(NodeEntryCodec.Combine([])), Is.Empty);
    }

    [Test]
    public void DecodeAll_RefusesTruncatedOrTrailingBytes()
    {
        var list = NodeEntryCodec.Combine([NodeEntryCodec.Encode(new NodeEntry("n01", 0, [1, 2, 3]))]);

        Assert.Throws<InvalidDataException>(() => NodeEntryCodec.DecodeAll(list.AsSpan(0, list.Length - 1)));
        Assert.Throws<InvalidDataException>(() => NodeEntryCodec.DecodeAll([.. list, 0]));
        Assert.Throws<InvalidDataException>(() => NodeEntryCodec.DecodeAll([1, 2]));
    }
}
