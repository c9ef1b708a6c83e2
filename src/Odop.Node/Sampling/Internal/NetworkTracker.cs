using System.Text;

namespace Odop.Node.Sampling.Internal;

/// <summary>Turns successive /proc/net/dev counters into per-interface rates.</summary>
internal sealed class NetworkTracker
{
    private readonly List<Interface> _known = [];

    private sealed class Interface(byte[] nameBytes, ulong rx, ulong tx)
    {
        public readonly byte[] NameBytes = nameBytes;
        public readonly string Name = Encoding.ASCII.GetString(nameBytes); // once per interface, not per sample
        public ulong Rx = rx, Tx = tx;
        public double RxRate, TxRate;
        public bool Seen;
    }

    public void Prime(ReadOnlySpan<byte> netDev) => Sample(netDev, 0);

    public NetworkInterfaceUsage[] Sample(ReadOnlySpan<byte> netDev, double seconds)
    {
        foreach (var i in _known) i.Seen = false;
        var reader = new NetDevReader(netDev);
        var seen = 0;
        while (reader.TryNext(out var name, out var rx, out var tx))
        {
            var known = Find(name);
            if (known is null)
            {
                // A new interface has no history: its first rate is 0, not bytes-since-boot.
                known = new Interface(name.ToArray(), rx, tx);
                _known.Add(known);
            }
            if (known.Seen) continue;
            known.Seen = true;
            seen++;
            known.RxRate = Rate(known.Rx, rx, seconds);
            known.TxRate = Rate(known.Tx, tx, seconds);
            known.Rx = rx;
            known.Tx = tx;
        }
        var result = new NetworkInterfaceUsage[seen];
        var n = 0;
        foreach (var i in _known)
            if (i.Seen) result[n++] = new NetworkInterfaceUsage(i.Name, (long)i.Rx, (long)i.Tx, i.RxRate, i.TxRate);
        return result;
    }

    // A counter that went down was reset (driver reload, 32-bit wrap); its rate is unknown, so 0.
    private static double Rate(ulong before, ulong now, double seconds) =>
        seconds > 0 && now >= before ? (now - before) / seconds : 0;

    private Interface? Find(ReadOnlySpan<byte> name)
    {
        foreach (var i in _known)
            if (name.SequenceEqual(i.NameBytes)) return i;
        return null;
    }
}
