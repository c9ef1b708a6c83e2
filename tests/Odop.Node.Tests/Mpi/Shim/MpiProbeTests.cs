using System.Text.Json;

namespace Odop.Node.Tests.Mpi.Shim;

/// <summary>The shim and the inventory exchange for real: the probe under mpirun.</summary>
[TestFixture]
[NonParallelizable] // each run starts several .NET processes
public class MpiProbeTests
{
    [Test]
    public async Task Probe_WithNodeNameOverrides_ListsBothNodesWithTheirNamesAndPids()
    {
        var output = await MpiRun.ProbeAsync((1, "n01"), (1, "n02"));

        Assert.That(output.Ranks.Select(Int("size")), Is.EqualTo(new[] { 2, 2 }));
        Assert.That(output.Ranks.Select(Bool("is_leader")), Is.All.True);
        Assert.That(output.Ranks.Select(Int("node_count")), Is.All.EqualTo(2));
        var nodes = output.Nodes;
        Assert.That(nodes.Select(Text("node_name")), Is.EqualTo(new[] { "n01", "n02" }));
        Assert.That(nodes.Select(Int("world_rank")), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(nodes.Select(n => n.GetProperty("inventory")).Select(Text("node")), Is.EqualTo(new[] { "n01", "n02" }));
        Assert.That(nodes.Select(n => n.GetProperty("inventory")).Select(Int("pid")),
            Is.EqualTo(output.Ranks.Select(Int("pid"))));
    }

    [Test]
    public async Task Probe_WithoutOverride_PutsBothRanksOnOneNodeWithOneLeader()
    {
        var output = await MpiRun.ProbeAsync((2, null));

        Assert.That(output.Ranks.Select(Int("local_rank")), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(output.Ranks.Select(Int("local_size")), Is.All.EqualTo(2));
        Assert.That(output.Ranks.Select(Bool("is_leader")), Is.EqualTo(new[] { true, false }));
        var node = output.Nodes.Single();
        Assert.That(node.GetProperty("world_rank").GetInt32(), Is.EqualTo(0));
        Assert.That(node.GetProperty("node_name").GetString(), Is.EqualTo(output.Ranks[0].GetProperty("processor_name").GetString()));
        Assert.That(node.GetProperty("inventory").GetProperty("pid").GetInt32(), Is.EqualTo(output.Ranks[0].GetProperty("pid").GetInt32()));
    }

    [Test]
    public async Task Probe_RanksSharingANodeName_ElectTheLowestRankOfEachName()
    {
        var output = await MpiRun.ProbeAsync((1, "b"), (1, "a"), (1, "b"));

        Assert.That(output.Ranks.Select(Bool("is_leader")), Is.EqualTo(new[] { true, true, false }));
        Assert.That(output.Ranks.Select(Int("local_rank")), Is.EqualTo(new[] { 0, 0, 1 }));
        Assert.That(output.Nodes.Select(Text("node_name")), Is.EqualTo(new[] { "b", "a" }));
        Assert.That(output.Nodes.Select(Int("world_rank")), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public async Task Probe_AfterMpiInit_RuntimeStillTurnsFaultsIntoExceptions()
    {
        var output = await MpiRun.ProbeAsync((2, null));

        Assert.That(output.Ranks.Select(Bool("runtime_faults_ok")), Is.All.True);
        Assert.That(output.Ranks.Select(Text("thread_level")), Is.All.AnyOf("Funneled", "Serialized", "Multiple"));
    }

    private static Func<JsonElement, int> Int(string name) => e => e.GetProperty(name).GetInt32();
    private static Func<JsonElement, bool> Bool(string name) => e => e.GetProperty(name).GetBoolean();
    private static Func<JsonElement, string?> Text(string name) => e => e.GetProperty(name).GetString();
}
