using System.Text.Json.Nodes;
using Odop.Core.Profiles;
using Odop.Core.Tests.Profiles;
using Odop.Core.Workflow;

namespace Odop.Core.Tests.Workflow;

public class WorkflowJsonTests
{
    [Test]
    public void AWorkflow_WritesAndReadsBackTheSame()
    {
        var workflow = new ExecutionWorkflow([ExecutionId.New()], DependencyMode.AfterAny,
            new RetryPolicy(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(5)),
            new GroupSpec("nightly", GroupStrategy.Parallel, FailureMode.RunAlways, 3, ["prepare"]));

        var json = workflow.ToJson().ToJsonString();

        Assert.That(ExecutionWorkflow.Parse(json).ToJson().ToJsonString(), Is.EqualTo(json));
        Assert.That(json, Does.Contain("\"backoff\":\"2s\"").And.Contain("\"max_backoff\":\"5m\"").And.Contain("\"failure_mode\":\"runalways\""));
    }

    [Test]
    public void AProfile_MayCarryRetries_WithDefaultsForWhatItLeavesOut()
    {
        var json = JsonNode.Parse(ProfileJson.Example())!.AsObject();
        json["retries"] = new JsonObject { ["max"] = 2 };

        var profile = TaskProfile.Parse(json.ToJsonString());

        Assert.That(profile.Retries, Is.EqualTo(new RetryPolicy(2, RetryPolicy.DefaultBackoff, RetryPolicy.DefaultFactor, RetryPolicy.DefaultMaxBackoff)));
    }

    [TestCase("""{"backoff": "1s"}""", "profiles/r.json: retries.max: is required")]
    [TestCase("""{"max": 1, "factor": 0.5}""", "profiles/r.json: retries.factor: must be a number of at least 1, not 0.5")]
    [TestCase("""{"max": 1, "backoff": "1min", "max_backoff": "10s"}""", "profiles/r.json: retries.max_backoff: 10s is shorter than backoff 1m")]
    public void BadRetriesInAProfile_AreNamedWithFileAndField(string retries, string message)
    {
        var json = JsonNode.Parse(ProfileJson.Example())!.AsObject();
        json["retries"] = JsonNode.Parse(retries);

        var ex = Assert.Throws<OdopValidationException>(() => TaskProfile.Parse(json.ToJsonString(), "profiles/r.json"));

        Assert.That(ex!.Message, Is.EqualTo(message));
    }
}
