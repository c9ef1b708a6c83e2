using System.Text;
using Odop.Node.Sampling;
using Odop.Node.Sampling.Internal;

namespace Odop.Node.Tests.Sampling;

public class ProcTextParserTests
{
    // Copied from a real 2-CPU node; the intr line is cut short.
    private const string ProcStat = """
        cpu  32531 0 6848 108424 1412 0 76 42 0 0
        cpu0 15564 0 2915 55997 112 0 13 18 0 0
        cpu1 16966 0 3932 52427 1300 0 62 23 0 0
        intr 427914 0 0 0 0 0 0 0 0 0 0 0 0 0 0
        ctxt 1385502
        btime 1732177140
        """;

    [Test]
    public void ProcStat_SumsBusyColumnsAndCountsIowaitAsIdle()
    {
        var ticks = new List<CpuTicks>();
        ProcStatParser.Parse(Encoding.ASCII.GetBytes(ProcStat), ticks);

        Assert.That(ticks.Select(t => t.Id), Is.EqualTo(new[] { CpuTicks.AggregateId, 0, 1 }));
        var cpu1 = ticks[2];
        Assert.That(cpu1.Busy, Is.EqualTo(16966UL + 0 + 3932 + 0 + 62 + 23));
        Assert.That(cpu1.Total, Is.EqualTo(cpu1.Busy + 52427 + 1300));
    }

    [Test]
    public void ProcStat_GuestTimeIsNotCountedTwice()
    {
        var ticks = new List<CpuTicks>();
        ProcStatParser.Parse("cpu0 100 10 20 500 5 1 2 3 40 4\n"u8, ticks);

        Assert.That(ticks.Single().Busy, Is.EqualTo(100UL + 10 + 20 + 1 + 2 + 3));
        Assert.That(ticks.Single().Total, Is.EqualTo(136UL + 500 + 5));
    }

    [Test]
    public void ProcStat_OldKernelWithFourColumnsIsRead()
    {
        var ticks = new List<CpuTicks>();
        ProcStatParser.Parse("cpu  10 0 10 80\ncpu3 10 0 10 80\npage 1 2\n"u8, ticks);

        Assert.That(ticks, Is.EqualTo(new[] { new CpuTicks(CpuTicks.AggregateId, 20, 100), new CpuTicks(3, 20, 100) }));
    }

    [Test]
    public void MemInfo_ReadsBytes()
    {
        const string meminfo = """
            MemTotal:       24684096 kB
            MemFree:        23660516 kB
            MemAvailable:   24019976 kB
            Buffers:            7668 kB
            Cached:           590148 kB
            SwapCached:            0 kB
            SwapTotal:       2097148 kB
            SwapFree:        2000000 kB
            Zswap:                 0 kB
            """;
        var m = MemInfoParser.Parse(Encoding.ASCII.GetBytes(meminfo));

        Assert.That(m, Is.EqualTo(new MemoryUsage(
            24684096L * 1024, 24019976L * 1024, (24684096L - 24019976L) * 1024, 2097148L * 1024, 2000000L * 1024)));
    }

    [Test]
    public void MemInfo_WithoutMemAvailableEstimatesFromFreeBuffersAndCache()
    {
        var m = MemInfoParser.Parse("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 200 kB\n"u8);

        Assert.That(m.AvailableBytes, Is.EqualTo(350 * 1024));
        Assert.That(m.UsedBytes, Is.EqualTo(650 * 1024));
    }

    [Test]
    public void LoadAvg_ReadsAveragesAndTaskCounts()
    {
        var load = LoadAvgParser.Parse("1.89 1.24 0.66 8/133 11726\n"u8);

        Assert.That(load, Is.EqualTo(new LoadAverage(1.89, 1.24, 0.66, 8, 133)));
    }

    [Test]
    public void NetDev_ReadsRxAndTxBytesOfEveryInterface()
    {
        const string netDev = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:  950922    2223    0    0    0     0          0         0   950922    2223    0    0    0     0       0          0
              eth0: 215981359    4964    0    0    0     0          0         0   261517    3212    0    0    0     0       0          0
              ib0:12345 1 0 0 0 0 0 0 678 1 0 0 0 0 0 0
            """;
        var reader = new NetDevReader(Encoding.ASCII.GetBytes(netDev));
        var seen = new List<(string, ulong, ulong)>();
        while (reader.TryNext(out var name, out var rx, out var tx)) seen.Add((Encoding.ASCII.GetString(name), rx, tx));

        Assert.That(seen, Is.EqualTo(new[]
        {
            ("lo", 950922UL, 950922UL), ("eth0", 215981359UL, 261517UL), ("ib0", 12345UL, 678UL),
        }));
    }
}
