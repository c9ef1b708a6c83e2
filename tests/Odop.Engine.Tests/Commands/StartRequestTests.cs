using Odop.Core.Hardware;
using Odop.Engine.Commands;
using Odop.Engine.Supervision;

namespace Odop.Engine.Tests.Commands;

public sealed class StartRequestTests
{
    [Test]
    public void FromJson_TakesTheOptionsAndTheProfilesExecutionMethod()
    {
        var request = StartRequest.FromJson("e1", "t1",
            """{"execution_option": {"input": "out/step_0400.h5"}}""",
            """{"task_id": "t1", "execution_method": {"module": "example_task.py", "function": "step_a"}}""",
            "/profiles", CpuSet.Of(6, 7));
        Assert.That(request.ExecutionOptions.ToJsonString(), Is.EqualTo("""{"input":"out/step_0400.h5"}"""));
        Assert.That((string?)request.ExecutionMethod["function"], Is.EqualTo("step_a"));
        Assert.That(request.Cpus, Is.EqualTo(CpuSet.Of(6, 7)));
    }

    [Test]
    public void FromJson_WithoutMetadata_HasNoOptions()
    {
        var request = StartRequest.FromJson("e1", "t1", "", """{"execution_method": {"command": ["true"]}}""", "/", null);
        Assert.That(request.ExecutionOptions, Is.Empty);
    }

    [TestCase("{", "task_specification")]
    [TestCase("""{"metadata": {}}""", "execution_method")]
    [TestCase("[]", "task_specification")]
    public void FromJson_WithABadProfile_NamesTheField(string spec, string field)
    {
        var e = Assert.Throws<TaskSpecificationException>(() => StartRequest.FromJson("e1", "t1", null, spec, "/", null));
        Assert.That(e!.Field, Is.EqualTo(field));
    }
}
