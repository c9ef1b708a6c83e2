using Odop.Node.Sampling;

namespace Odop.Node.Tests.Sampling;

public class SampleHistoryTests
{
    [Test]
    public void Last_ReturnsNewestValuesOldestFirstAcrossTheWrap()
    {
        var h = new SampleHistory<double>(4);
        for (var i = 1; i <= 7; i++) h.Append(i);

        Assert.That(h.Count, Is.EqualTo(4));
        Assert.That(h.TotalAppended, Is.EqualTo(7));
        Assert.That(h.Last(4).ToArray(), Is.EqualTo(new double[] { 4, 5, 6, 7 }));
        Assert.That(h.Last(2).ToArray(), Is.EqualTo(new double[] { 6, 7 }));
        Assert.That(h.Latest, Is.EqualTo(7));
    }

    [Test]
    public void Last_BeforeFull_ReturnsOnlyWhatWasAppended()
    {
        var h = new SampleHistory<double>(10);
        h.Append(1);
        h.Append(2);

        Assert.That(h.Last(5).ToArray(), Is.EqualTo(new double[] { 1, 2 }));
        Assert.That(new SampleHistory<double>(3).Last(3).IsEmpty, Is.True);
    }

    [Test]
    public void CopyLast_FillsWhatItCan()
    {
        var h = new SampleHistory<int>(3);
        foreach (var v in new[] { 1, 2, 3, 4 }) h.Append(v);
        var destination = new int[5];

        Assert.That(h.CopyLast(destination), Is.EqualTo(3));
        Assert.That(destination, Is.EqualTo(new[] { 2, 3, 4, 0, 0 }));
    }

    [Test]
    public void Append_DoesNotAllocate()
    {
        var h = new SampleHistory<double>();
        h.Append(0); // JIT and tiering out of the way
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++) h.Append(i);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(h.Last(1)[0], Is.EqualTo(9_999));
    }

    [Test]
    public void CpuHistory_KeepsOneRingPerCore()
    {
        var history = new CpuHistory(capacity: 3);
        for (var i = 0; i < 5; i++)
            history.Append(new SystemSample(ManualTime.Start.AddSeconds(i), 0,
                [new CoreUsage(0, i / 10.0), new CoreUsage(3, 1 - i / 10.0)], default, default, [], []));

        Assert.That(history.CoreIds, Is.EqualTo(new[] { 0, 3 }));
        Assert.That(history.Last(0, 10).ToArray(), Is.EqualTo(new[] { 0.2, 0.3, 0.4 }));
        Assert.That(history.Last(3, 1).ToArray(), Is.EqualTo(new[] { 0.6 }));
        Assert.That(history.Last(1, 5).IsEmpty, Is.True, "unknown core");
        Assert.That(history.Timestamps.Latest, Is.EqualTo(ManualTime.Start.AddSeconds(4)));
    }
}
