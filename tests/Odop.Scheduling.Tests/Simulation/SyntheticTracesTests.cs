using Odop.Scheduling.Simulation;

namespace Odop.Scheduling.Tests.Simulation;

public class SyntheticTracesTests
{
    [Test]
    public void Traces_WithTheSameSeed_AreTheSame()
    {
        Assert.That(SyntheticTraces.Random(2, 100, seed: 4).Core(1), Is.EqualTo(SyntheticTraces.Random(2, 100, seed: 4).Core(1)));
        Assert.That(SyntheticTraces.Random(2, 100, seed: 4).Core(1), Is.Not.EqualTo(SyntheticTraces.Random(2, 100, seed: 5).Core(1)));
    }

    [Test]
    public void Bursty_AlternatesComputeAndCommunicateAtTheGivenDutyCycle()
    {
        var core = SyntheticTraces.Bursty(1, 700, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), seed: 1, noise: 0).Core(0);

        Assert.That(core.Count(u => u > 0.9) / (double)core.Length, Is.EqualTo(4.0 / 7).Within(0.01));
        Assert.That(core.Take(40), Is.All.GreaterThan(0.9));
        Assert.That(core.Skip(40).Take(30), Is.All.LessThan(0.1));
    }

    [Test]
    public void Bursty_EdgesInsideASampleGiveInBetweenValues()
    {
        var core = SyntheticTraces.Bursty(1, 20, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250), seed: 1, busy: 1, idle: 0, noise: 0).Core(0);

        Assert.That(core.Take(5), Is.EqualTo(new[] { 1, 1, 0.5, 0, 0 }).Within(1e-9));
    }

    [Test]
    public void Shapes_StayBetweenZeroAndOne()
    {
        var traces = new[]
        {
            SyntheticTraces.Ramp(4, 200, 0, 1, seed: 1, noise: 0.1),
            SyntheticTraces.Random(4, 200, seed: 1, step: 0.5),
            SyntheticTraces.FullyBusy(4, 200, seed: 1, noise: 0.1),
        };

        foreach (var trace in traces)
            for (var core = 0; core < trace.Cores; core++) Assert.That(trace.Core(core), Is.All.InRange(0.0, 1.0));
    }

    [Test]
    public void Beside_PutsTheSecondTracesCoresAfterTheFirst()
    {
        var both = SyntheticTraces.FullyBusy(2, 10, seed: 1).Beside(SyntheticTraces.Idle(3, 10, seed: 2));

        Assert.That(both.Cores, Is.EqualTo(5));
        Assert.That(both.Core(1).Average(), Is.GreaterThan(0.9));
        Assert.That(both.Core(4).Average(), Is.LessThan(0.1));
    }
}
