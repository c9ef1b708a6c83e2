using Odop.Core.Workflow;

namespace Odop.Core.Tests.Workflow;

public class BatchFileTests
{
    private const string Good = """
        {"groups": [
          {"name": "prepare", "strategy": "sequential", "failure_mode": "failfast",
           "executions": [{"task_id": "reduce", "execution_option": {"step": 1}, "retries": {"max": 3, "backoff": "2s", "factor": 2, "max_backoff": "5m"}}]},
          {"name": "cleanup", "strategy": "parallel", "parallelism": 2, "failure_mode": "runalways", "after": ["prepare"],
           "executions": [{"task_id": "clean"}, {"task_id": "clean", "after_mode": "afterany",
                           "after": ["6f1c2b1e-0000-4000-8000-000000000001"]}]}
        ]}
        """;

    [Test]
    public void AGoodFile_GivesItsGroupsInOrder_WithTheirSpecsAndExecutions()
    {
        var batch = BatchFile.Parse(Good, "batch.json");

        Assert.That(batch.Groups.Select(g => g.Spec.Name), Is.EqualTo(new[] { "prepare", "cleanup" }));
        Assert.That(batch.Groups[0].Spec.Parallelism, Is.EqualTo(1), "sequential runs one at a time");
        Assert.That(batch.Groups[0].Executions[0].Workflow.Retries, Is.EqualTo(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(5))));
        Assert.That(batch.Groups[1].Spec.FailureMode, Is.EqualTo(FailureMode.RunAlways));
        Assert.That(batch.Groups[1].Spec.After, Is.EqualTo(new[] { "prepare" }));
        Assert.That(batch.Groups[1].Executions[1].Workflow.Mode, Is.EqualTo(DependencyMode.AfterAny));
    }

    [TestCase("\"failure_mode\": \"runalways\"", "\"failure_mode\": \"foo\"",
        "batch.json: groups[1].failure_mode: 'foo' is not one of failfast, waitcurrent, waitall, runalways")]
    [TestCase("\"strategy\": \"parallel\"", "\"strategy\": \"random\"",
        "batch.json: groups[1].strategy: 'random' is not one of sequential, parallel")]
    [TestCase("\"after_mode\": \"afterany\"", "\"after_mode\": \"afterall\"",
        "batch.json: groups[1].executions[1].after_mode: 'afterall' is not one of afterok, afterany")]
    [TestCase("\"after\": [\"prepare\"]", "\"after\": [\"later\"]",
        "batch.json: groups[1].after[0]: 'later' is not a group before this one in the file")]
    [TestCase("\"max\": 3", "\"max\": -1", "batch.json: groups[0].executions[0].retries.max: must be 0 or more, not -1")]
    [TestCase("\"backoff\": \"2s\"", "\"backoff\": \"soon\"", "batch.json: groups[0].executions[0].retries.backoff:")]
    [TestCase("\"name\": \"cleanup\"", "\"name\": \"prepare\"", "batch.json: groups[1].name: 'prepare' names an earlier group too")]
    [TestCase("000000000001\"", "1\"", "batch.json: groups[1].executions[1].after[0]: '6f1c2b1e-0000-4000-8000-1' is not a UUID")]
    public void ABadField_IsNamedWithTheFile(string good, string bad, string message)
    {
        var ex = Assert.Throws<OdopValidationException>(() => BatchFile.Parse(Good.Replace(good, bad), "batch.json"));

        Assert.That(ex!.Message, Does.StartWith(message));
    }

    [Test]
    public void AFileWithoutGroups_IsRefused()
    {
        var ex = Assert.Throws<OdopValidationException>(() => BatchFile.Parse("""{"groups": []}""", "batch.json"));
        Assert.That(ex!.Message, Is.EqualTo("batch.json: groups: must name at least one group"));
    }
}
