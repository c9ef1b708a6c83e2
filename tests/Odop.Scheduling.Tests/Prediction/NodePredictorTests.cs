using Odop.Scheduling.Prediction;

namespace Odop.Scheduling.Tests.Prediction;

public class NodePredictorTests
{
    [Test]
    public void NodePredictor_KeepsOneModelPerCore()
    {
        var node = new NodePredictor();
        for (var i = 0; i < 100; i++) node.Observe([(0, 0.02), (5, 0.97)]);

        Assert.That(node.Cores, Is.EqualTo(new[] { 0, 5 }));
        Assert.That(node.IsIdleWindow(0), Is.True);
        Assert.That(node.IsIdleWindow(5), Is.False);
    }

    [Test]
    public void NodePredictor_HasNoIdleWindowOnACoreItNeverSaw()
    {
        Assert.That(new NodePredictor().IsIdleWindow(3), Is.False);
    }

    [Test]
    public void NodePredictor_HorizonFollowsTheSamplingPeriod()
    {
        var options = new PredictorOptions { SamplingPeriod = TimeSpan.FromMilliseconds(250), Horizon = TimeSpan.FromSeconds(2) };

        Assert.That(options.HorizonSteps, Is.EqualTo(8));
    }
}
