using Odop.Agent.Loop;

namespace Odop.Agent.Tests.Visibility;

public class DrainEstimatorTests
{
    [Test]
    public void TheEstimateIsQueuedAndRemainingCoreSecondsOverTheSideTaskCores()
    {
        var estimate = DrainEstimator.Estimate(
            [new DrainWork(TimeSpan.FromMinutes(10), 1), new DrainWork(TimeSpan.FromMinutes(5), 2)],
            [new DrainWork(TimeSpan.FromMinutes(2), 1)],
            sideTaskCores: 4);
        Assert.That(estimate.QueuedCoreSeconds, Is.EqualTo(600 + 600));
        Assert.That(estimate.RunningCoreSeconds, Is.EqualTo(120));
        Assert.That(estimate.Eta, Is.EqualTo(TimeSpan.FromSeconds(1320 / 4.0)));
    }

    [Test]
    public void OverrunLiveExecutionsCountZero_AndNoCoresCountsAsOne()
    {
        var estimate = DrainEstimator.Estimate([new DrainWork(TimeSpan.FromSeconds(30), 1)], [new DrainWork(TimeSpan.FromSeconds(-50), 1)], sideTaskCores: 0);
        Assert.That(estimate.RunningCoreSeconds, Is.Zero);
        Assert.That(estimate.SideTaskCores, Is.EqualTo(1));
        Assert.That(estimate.Eta, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void AnEmptyQueueDrainsAtOnce() =>
        Assert.That(DrainEstimator.Estimate([], [], 8).Eta, Is.EqualTo(TimeSpan.Zero));
}
