using System.Text.Json.Nodes;
using Odop.Core.Profiles;
using Odop.Core.Quantities;

namespace Odop.Core.Tests.Profiles;

public class TaskProfileTests
{
    [Test]
    public void Parse_ReadsDesignExample_IntoTypedValues()
    {
        var p = TaskProfile.Parse(ProfileJson.Example());
        var r = p.Requirement;
        Assert.Multiple(() =>
        {
            Assert.That(p.TaskId, Is.EqualTo(ProfileJson.TaskId));
            Assert.That(p.Name, Is.EqualTo("reduce"));
            Assert.That(p.Description, Is.EqualTo("Reduces a step"));
            Assert.That(p.Method.Module, Is.EqualTo("example_task.py"));
            Assert.That(p.Method.Function, Is.EqualTo("step_a"));
            Assert.That(p.Method.InputFolder, Is.EqualTo("data"));
            Assert.That(p.Method.Command, Is.Null);
            Assert.That(r.Time.Value, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(r.Cpus, Is.EqualTo(new ResourceRange<CpuQuantity>(new(500), new CpuQuantity(1000))));
            Assert.That(r.Memory, Is.EqualTo(new ResourceRange<MemoryQuantity>(new(1_000_000_000), new MemoryQuantity(2_000_000_000))));
            Assert.That(r.Threads, Is.EqualTo(new ResourceRange<int>(2, 4)));
            Assert.That(p.Priority, Is.EqualTo(0));
            Assert.That(p.Measured, Is.Null);
        });
    }

    [Test]
    public void Parse_AcceptsACommand_WithInterpreterFolderAndEnvironment()
    {
        var json = ProfileJson.With("execution_method", JsonNode.Parse("""
            { "command": ["python3", "-m", "reduce"], "working_directory": "/scratch",
              "environment": { "OMP_NUM_THREADS": "2" }, "interpreter": "python3" }
            """));
        var method = TaskProfile.Parse(json).Method;
        Assert.That(method.Command, Is.EqualTo(new[] { "python3", "-m", "reduce" }));
        Assert.That(method.WorkingDirectory, Is.EqualTo("/scratch"));
        Assert.That(method.Interpreter, Is.EqualTo("python3"));
        Assert.That(method.Environment["OMP_NUM_THREADS"], Is.EqualTo("2"));
    }

    [Test]
    public void Parse_AcceptsNumbers_ForQuantitiesAndThreads()
    {
        var json = ProfileJson.With("execution_requirement", JsonNode.Parse("""
            { "time": 90, "cpus": { "min": 1.5 }, "memory": { "max": 1024 }, "threads": { "min": 3, "max": 8 } }
            """));
        var r = TaskProfile.Parse(json).Requirement;
        Assert.That(r.Time.TotalSeconds, Is.EqualTo(90));
        Assert.That(r.Cpus, Is.EqualTo(new ResourceRange<CpuQuantity>(new(1500), null)));
        Assert.That(r.Memory, Is.EqualTo(new ResourceRange<MemoryQuantity>(new(0), new MemoryQuantity(1024))));
        Assert.That(r.Threads, Is.EqualTo(new ResourceRange<int>(3, 8)));
    }

    [Test]
    public void Parse_DefaultsOptionalRequirements()
    {
        var json = ProfileJson.With("execution_requirement", JsonNode.Parse("""{ "time": "1m", "cpus": { "min": "1" } }"""));
        var r = TaskProfile.Parse(json).Requirement;
        Assert.That(r.Memory, Is.EqualTo(new ResourceRange<MemoryQuantity>(new(0), null)));
        Assert.That(r.Threads, Is.EqualTo(new ResourceRange<int>(1, null)));
        Assert.That(r.Cpus.MaxOrMin, Is.EqualTo(new CpuQuantity(1000)));
    }

    [Test]
    public void Parse_AllowsAnEmptyDescription() =>
        Assert.That(TaskProfile.Parse(ProfileJson.With("metadata.description", "")).Description, Is.Empty);

    [Test]
    public void Parse_ReadsOurExtraKeys() =>
        Assert.That(TaskProfile.Parse(ProfileJson.With("priority", 7)).Priority, Is.EqualTo(7));

    [TestCase("task_id", "task_id", "is required")]
    [TestCase("metadata", "metadata", "is required")]
    [TestCase("metadata.name", "metadata.name", "is required")]
    [TestCase("execution_method.module", "execution_method", "needs either 'module' or 'command'")]
    [TestCase("execution_requirement", "execution_requirement", "is required")]
    [TestCase("execution_requirement.time", "execution_requirement.time", "is required")]
    [TestCase("execution_requirement.cpus", "execution_requirement.cpus", "is required")]
    [TestCase("execution_requirement.cpus.min", "execution_requirement.cpus.min", "is required")]
    public void Parse_RefusesAMissingRequiredField_NamingFileAndField(string removed, string field, string problem)
    {
        var ex = Assert.Throws<OdopValidationException>(() => TaskProfile.Parse(ProfileJson.With(removed, null), "profiles/reduce.json"));
        Assert.That(ex!.File, Is.EqualTo("profiles/reduce.json"));
        Assert.That(ex.Field, Is.EqualTo(field));
        Assert.That(ex.Message, Is.EqualTo($"profiles/reduce.json: {field}: {problem}"));
    }

    [TestCase("execution_requirement.cpus.min", "5x", "'5x' is not a CPU quantity (examples: 500mcpu, 1.5, 2)")]
    [TestCase("execution_requirement.memory.max", "2 parsecs", "'2 parsecs' is not a memory quantity")]
    [TestCase("execution_requirement.time", "10 fortnights", "'10 fortnights' is not a duration")]
    [TestCase("execution_requirement.threads.min", "-2", "'-2' is negative")]
    [TestCase("execution_requirement.threads.max", "four", "'four' is not a thread count")]
    [TestCase("execution_requirement.threads.min", "0", "must be at least 1")]
    [TestCase("execution_requirement.cpus.min", "0", "must be at least 1mcpu")]
    [TestCase("metadata.name", "", "must not be empty")]
    public void Parse_RefusesABadValue_NamingFileAndField(string path, string value, string problem)
    {
        var ex = Assert.Throws<OdopValidationException>(() => TaskProfile.Parse(ProfileJson.With(path, value), "profiles/reduce.json"));
        Assert.That(ex!.Message, Does.StartWith($"profiles/reduce.json: {path}: "));
        Assert.That(ex.Problem, Does.Contain(problem));
    }

    [TestCase("execution_requirement.cpus", """{ "min": "2", "max": "1" }""", "execution_requirement.cpus.min", "'2000mcpu' is more than max '1000mcpu'")]
    [TestCase("execution_requirement.memory", """{ "min": "2Gi", "max": "1Gi" }""", "execution_requirement.memory.min", "is more than max")]
    [TestCase("execution_requirement.threads", """{ "min": 8, "max": 4 }""", "execution_requirement.threads.min", "'8' is more than max '4'")]
    [TestCase("execution_requirement.cpus", "\"1\"", "execution_requirement.cpus", "must be an object, not a string (\"1\")")]
    [TestCase("execution_method", """{ "module": "a.py", "command": ["b"] }""", "execution_method", "has both")]
    [TestCase("execution_method", """{ "command": [] }""", "execution_method.command", "must name a program")]
    [TestCase("execution_method", """{ "command": ["a", 3] }""", "execution_method.command[1]", "must be a string, not a number")]
    [TestCase("execution_method", """{ "module": "a.py", "environment": { "A": 1 } }""", "execution_method.environment.A", "must be a string")]
    [TestCase("priority", "\"high\"", "priority", "must be a whole number")]
    public void Parse_RefusesInconsistentValues(string path, string json, string field, string problem)
    {
        var ex = Assert.Throws<OdopValidationException>(() => TaskProfile.Parse(ProfileJson.With(path, JsonNode.Parse(json))));
        Assert.That(ex!.Field, Is.EqualTo(field));
        Assert.That(ex.Problem, Does.Contain(problem));
    }

    [Test]
    public void Load_BrokenJson_NamesFileLineAndPosition()
    {
        using var folder = new TempFolder();
        var file = folder.Write("broken.json", "{\n  \"task_id\": \"x\",\n  \"metadata\": { \"name\": }\n}\n");
        var ex = Assert.Throws<OdopValidationException>(() => TaskProfile.Load(file));
        Assert.That(ex!.File, Is.EqualTo(file));
        Assert.That(ex.Line, Is.EqualTo(3));
        Assert.That(ex.Position, Is.EqualTo(25));
        Assert.That(ex.Message, Does.StartWith($"{file}: line 3, position 25: "));
        Assert.That(ex.Problem, Does.StartWith("invalid JSON: '}' is an invalid start of a value."));
    }

    [Test]
    public void Load_DuplicateKeys_AreRefused()
    {
        using var folder = new TempFolder();
        var file = folder.Write("dup.json", ProfileJson.Example().Replace("\"category\"", "\"task_id\""));
        var ex = Assert.Throws<OdopValidationException>(() => TaskProfile.Load(file));
        Assert.That(ex!.Message, Does.Contain("Duplicate property 'task_id'"));
        Assert.That(ex.File, Is.EqualTo(file));
    }

    [TestCase("[]", "not an array")]
    [TestCase("null", "not null")]
    public void Parse_RefusesADocumentThatIsNotAnObject(string json, string problem) =>
        Assert.That(Assert.Throws<OdopValidationException>(() => TaskProfile.Parse(json, "p.json"))!.Message,
            Does.StartWith("p.json: ").And.Contain(problem));

    [Test]
    public void Load_MissingFile_NamesTheFile()
    {
        var ex = Assert.Throws<OdopValidationException>(() => TaskProfile.Load("/nonexistent/odop/p.json"));
        Assert.That(ex!.File, Is.EqualTo("/nonexistent/odop/p.json"));
        Assert.That(ex.Problem, Does.StartWith("cannot be read"));
    }

    [Test]
    public void ToJson_KeepsKeysWeDoNotOwn_AndIsACopy()
    {
        var p = TaskProfile.Parse(ProfileJson.Example());
        var json = p.ToJson();
        Assert.That(json["x-site"]!["tags"]![1]!.GetValue<string>(), Is.EqualTo("b"));
        Assert.That(json["category"]!.GetValue<string>(), Is.EqualTo("analysis"));
        json["category"] = "changed";
        Assert.That(p.ToJson()["category"]!.GetValue<string>(), Is.EqualTo("analysis"));
    }
}
