using System.Text.Json.Nodes;
using Odop.Core.Messages;

namespace Odop.Core.Tests.Messages;

public class QueueElementTests
{
    private const string Id = "3f2b8c1e-0d4a-4c5e-9b7a-2e1f0c9d8a7b";

    [Test]
    public void Parse_ReadsDesignExample_AndToJsonWritesItBack()
    {
        var text = $$"""
            { "execution_id": "{{Id}}", "task_id": "reduce",
              "execution_metadata": { "execution_option": { "input": "out/step_0400.h5", "n": [1, 2] } } }
            """;
        var element = QueueElement.Parse(text);
        Assert.That(element.ExecutionId, Is.EqualTo(ExecutionId.Parse(Id)));
        Assert.That(element.TaskId, Is.EqualTo("reduce"));
        Assert.That(element.ExecutionOption["input"]!.GetValue<string>(), Is.EqualTo("out/step_0400.h5"));
        Assert.That(element.Priority, Is.Null);
        Assert.That(JsonNode.DeepEquals(element.ToJson(), JsonNode.Parse(text)), Is.True);
    }

    [Test]
    public void Priority_IsAnOptionalExtraKey_ThatRoundTrips()
    {
        var element = new QueueElement(ExecutionId.Parse(Id), "reduce", priority: 5);
        var back = QueueElement.Parse(element.ToJson().ToJsonString());
        Assert.That(back.Priority, Is.EqualTo(5));
        Assert.That(back.ExecutionOption, Is.Empty);
    }

    [Test]
    public void Parse_AllowsMissingMetadata() =>
        Assert.That(QueueElement.Parse($$"""{ "execution_id": "{{Id}}", "task_id": "t" }""").ExecutionOption, Is.Empty);

    [TestCase("""{ "task_id": "t" }""", "execution_id", "is required")]
    [TestCase("""{ "execution_id": "nope", "task_id": "t" }""", "execution_id", "'nope' is not a UUID")]
    [TestCase($$"""{ "execution_id": "{{Id}}" }""", "task_id", "is required")]
    [TestCase($$"""{ "execution_id": "{{Id}}", "task_id": "t", "execution_metadata": { "execution_option": [] } }""",
        "execution_metadata.execution_option", "must be an object")]
    [TestCase($$"""{ "execution_id": "{{Id}}", "task_id": "t", "priority": 1.5 }""", "priority", "must be a whole number")]
    public void Parse_Refuses_NamingTheField(string json, string field, string problem)
    {
        var ex = Assert.Throws<OdopValidationException>(() => QueueElement.Parse(json, "queue.json"));
        Assert.That(ex!.File, Is.EqualTo("queue.json"));
        Assert.That(ex.Field, Is.EqualTo(field));
        Assert.That(ex.Problem, Does.StartWith(problem));
    }
}
