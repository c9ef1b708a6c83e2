using Odop.Core.Profiles;
using Odop.Core.Quantities;

namespace Odop.Core.Tests.Profiles;

public class ProfileUpdateTests
{
    [Test]
    public void Parse_ReadsDesignExample()
    {
        var update = ProfileUpdate.Parse("""
            { "task_id": "t1", "command": "update",
              "execution_requirement": { "time": "7min", "cpus": { "min": "250m" }, "memory": {}, "threads": { "max": 2 } } }
            """);
        Assert.That(update, Is.EqualTo(new ProfileUpdate
        {
            TaskId = "t1",
            Time = DurationQuantity.Parse("7min"),
            CpusMin = new CpuQuantity(250),
            ThreadsMax = 2,
        }));
    }

    [Test]
    public void ToJson_ParsesBackToTheSameUpdate_IncludingMeasuredStats()
    {
        var usage = new MeasuredUsage(1.5, 1 << 20, 2, 3.25);
        var update = new ProfileUpdate
        {
            TaskId = "t1",
            Time = DurationQuantity.Parse("1h30m"),
            CpusMin = new CpuQuantity(500),
            CpusMax = new CpuQuantity(1500),
            MemoryMin = MemoryQuantity.Parse("1Gi"),
            MemoryMax = MemoryQuantity.Parse("2G"),
            ThreadsMin = 1,
            ThreadsMax = 4,
            Measured = new MeasuredStats(3, usage, usage, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2))),
        };
        var json = update.ToJson();
        Assert.That(json["command"]!.GetValue<string>(), Is.EqualTo("update"));
        Assert.That(json["execution_requirement"]!["memory"]!["min"]!.GetValue<string>(), Is.EqualTo("1Gi"));
        Assert.That(ProfileUpdate.Parse(json.ToJsonString()), Is.EqualTo(update));
    }

    [TestCase("""{ "task_id": "t", "command": "delete", "execution_requirement": {} }""", "command", "'delete' is not 'update'")]
    [TestCase("""{ "task_id": "t", "execution_requirement": {} }""", "command", "is required")]
    [TestCase("""{ "task_id": "t", "command": "update", "execution_requirement": { "cpus": { "max": "lots" } } }""",
        "execution_requirement.cpus.max", "'lots' is not a CPU quantity")]
    public void Parse_Refuses_NamingTheField(string json, string field, string problem)
    {
        var ex = Assert.Throws<OdopValidationException>(() => ProfileUpdate.Parse(json, "update.json"));
        Assert.That(ex!.Message, Is.EqualTo($"update.json: {field}: {ex.Problem}"));
        Assert.That(ex.Problem, Does.StartWith(problem));
    }

    [Test]
    public void WithUpdate_RefusesAnUpdateForAnotherTask()
    {
        var profile = TaskProfile.Parse(ProfileJson.Example());
        var ex = Assert.Throws<OdopValidationException>(() => profile.WithUpdate(new ProfileUpdate { TaskId = "other" }));
        Assert.That(ex!.Field, Is.EqualTo("task_id"));
    }

    [Test]
    public void WithUpdate_RefusesAResultWithMinAboveMax()
    {
        var profile = TaskProfile.Parse(ProfileJson.Example());
        var ex = Assert.Throws<OdopValidationException>(() =>
            profile.WithUpdate(new ProfileUpdate { TaskId = profile.TaskId, CpusMax = new CpuQuantity(100) }));
        Assert.That(ex!.Field, Is.EqualTo("execution_requirement.cpus.min"));
    }
}
