using System.Text.Json.Nodes;
using Odop.Core.Hardware;
using Odop.Core.Messages;

namespace Odop.Core.Tests.Messages;

public class OrchestrationCommandTests
{
    private const string Id = "3f2b8c1e-0d4a-4c5e-9b7a-2e1f0c9d8a7b";

    [Test]
    public void Parse_ReadsDesignExample_AndToJsonWritesItBack()
    {
        var text = $$"""
            { "execution_id": "{{Id}}", "command": "start", "task_id": "t1",
              "execution_metadata": { "execution_option": { "input": "a.h5" } }, "task_specification": { "task_id": "t1" },
              "placement": { "node": "n01", "cpus": [6, 7] } }
            """;
        var command = OrchestrationCommand.Parse(text);
        Assert.That(command.Command, Is.EqualTo(OrchestrationVerb.Start));
        Assert.That(command.Placement, Is.EqualTo(new Placement("n01", CpuSet.Of(6, 7))));
        Assert.That(command.ExecutionOption!["input"]!.GetValue<string>(), Is.EqualTo("a.h5"));
        Assert.That(JsonNode.DeepEquals(command.ToJson(), JsonNode.Parse(text)), Is.True);
    }

    [TestCase(OrchestrationVerb.Stop, "stop")]
    [TestCase(OrchestrationVerb.Pause, "pause")]
    [TestCase(OrchestrationVerb.Resume, "resume")]
    public void EveryVerb_RoundTrips(OrchestrationVerb verb, string name)
    {
        var command = new OrchestrationCommand { ExecutionId = ExecutionId.Parse(Id), Command = verb };
        var json = command.ToJson();
        Assert.That(json["command"]!.GetValue<string>(), Is.EqualTo(name));
        Assert.That(OrchestrationCommand.Parse(json).Command, Is.EqualTo(verb));
    }

    [Test]
    public void SetAffinity_AcceptsALinuxCpuList_AndWritesAnArray()
    {
        var command = OrchestrationCommand.Parse($$"""
            { "execution_id": "{{Id}}", "command": "set_affinity", "placement": { "cpus": "2-4" } }
            """);
        Assert.That(command.Command, Is.EqualTo(OrchestrationVerb.SetAffinity));
        Assert.That(command.Placement!.Node, Is.Null);
        Assert.That(command.ToJson()["placement"]!.ToJsonString(), Is.EqualTo("""{"cpus":[2,3,4]}"""));
    }

    [TestCase("""{ "command": "launch" }""", "command", "'launch' is not one of start, stop, pause, resume, set_affinity")]
    [TestCase("""{ "command": "start", "task_specification": {}, "placement": { "cpus": [1] } }""", "task_id", "is required")]
    [TestCase("""{ "command": "start", "task_id": "t", "placement": { "cpus": [1] } }""", "task_specification", "is required")]
    [TestCase("""{ "command": "start", "task_id": "t", "task_specification": {} }""", "placement", "is required")]
    [TestCase("""{ "command": "set_affinity", "placement": { "cpus": [] } }""", "placement.cpus", "must name at least one CPU")]
    [TestCase("""{ "command": "set_affinity", "placement": { "cpus": [1, -2] } }""", "placement.cpus[1]", "must be a CPU id")]
    [TestCase("""{ "command": "set_affinity", "placement": { "cpus": "3-1" } }""", "placement.cpus", "range '3-1' ends before it starts")]
    public void Parse_Refuses_NamingTheField(string rest, string field, string problem)
    {
        var json = JsonNode.Parse(rest)!.AsObject();
        json["execution_id"] = Id;
        var ex = Assert.Throws<OdopValidationException>(() => OrchestrationCommand.Parse(json));
        Assert.That(ex!.Field, Is.EqualTo(field));
        Assert.That(ex.Problem, Does.StartWith(problem));
    }
}
