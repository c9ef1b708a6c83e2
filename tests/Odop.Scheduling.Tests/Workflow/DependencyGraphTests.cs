using Odop.Scheduling.Workflow;

namespace Odop.Scheduling.Tests.Workflow;

public class DependencyGraphTests
{
    private static Dictionary<string, IReadOnlyList<string>> Batch(params (string Node, string[] After)[] nodes) =>
        nodes.ToDictionary(n => n.Node, n => (IReadOnlyList<string>)n.After);

    [Test]
    public void Unknown_NamesWhatIsNeitherInTheBatchNorKnown_OnceEach()
    {
        var batch = Batch(("a", ["old", "ghost"]), ("b", ["a", "ghost", "phantom"]));

        Assert.That(DependencyGraph.Unknown(batch, id => id == "old"), Is.EqualTo(new[] { "ghost", "phantom" }));
    }

    [Test]
    public void FindCycle_ReturnsThePathThatClosesIt()
    {
        var batch = Batch(("a", ["b"]), ("b", ["c"]), ("c", ["a"]), ("d", []));

        Assert.That(DependencyGraph.FindCycle(batch), Is.EqualTo(new[] { "a", "b", "c", "a" }));
    }

    [Test]
    public void FindCycle_SeesAnExecutionWaitingForItself()
    {
        Assert.That(DependencyGraph.FindCycle(Batch(("a", ["a"]))), Is.EqualTo(new[] { "a", "a" }));
    }

    [Test]
    public void FindCycle_AcceptsADiamondAndEdgesToKnownNodes()
    {
        var batch = Batch(("top", ["old"]), ("left", ["top"]), ("right", ["top"]), ("bottom", ["left", "right", "old"]));

        Assert.That(DependencyGraph.FindCycle(batch), Is.Null);
    }
}
