using System.Text.Json.Nodes;
using Odop.Agent.Tests.Support;
using Odop.Client;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>Every kind of bad input is refused with a status naming the field, and the queue keeps what it had.</summary>
public class BadInputTests
{
    private NodeUnderTest _node = null!;
    private List<string> _queued = null!;

    [SetUp]
    public async Task StartWithAQueue()
    {
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        _node = await NodeUnderTest.StartAsync(dir =>
        {
            TestProfiles.Write(dir, "sleep", "sleep");
            File.WriteAllText(Path.Combine(dir, "broken.json"), "{ \"task_id\": ");
        }, excludedCpus: usable.Except(usable.Take(1)), maxMessageSize: 64 * 1024);
        _queued = [];
        for (var i = 0; i < 3; i++) _queued.Add((await _node.Client.EnqueueAsync("sleep")).ExecutionId);
    }

    [TearDown]
    public async Task Stop() => await _node.DisposeAsync();

    private async Task AssertQueueIntact()
    {
        var ids = (await _node.Client.ListAsync()).Select(e => e.ExecutionId);
        Assert.That(ids, Is.EquivalentTo(_queued));
    }

    private async Task<RpcException> Refused(Func<Task> call, StatusCode status)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await call());
        Assert.That(e!.Status, Is.EqualTo(status), e.Detail);
        await AssertQueueIntact();
        return e;
    }

    [Test]
    public async Task UnknownTask_IsNotFound_NamingTheTask()
    {
        var e = await Refused(() => _node.Client.EnqueueAsync("nope"), StatusCode.NotFound);
        Assert.That(e.Detail, Does.Contain("task_id").And.Contain("nope").And.Contain("sleep"));
    }

    [Test]
    public async Task TaskWithABrokenProfile_IsNotFound_NamingTheFile()
    {
        var e = await Refused(() => _node.Client.EnqueueAsync("broken"), StatusCode.NotFound);
        Assert.That(e.Detail, Does.Contain("broken.json").And.Contain("invalid"));
    }

    [Test]
    public async Task MalformedExecutionId_IsInvalidArgument()
    {
        var e = await Refused(() => _node.Client.EnqueueAsync("sleep", executionId: "12-34"), StatusCode.InvalidArgument);
        Assert.That(e.Detail, Does.Contain("execution_id").And.Contain("12-34"));
    }

    [Test]
    public async Task MetadataThatIsNotAnObject_IsInvalidArgument()
    {
        var element = OdopClient.NewElement("sleep");
        element.ExecutionMetadataJson = "[1,2]";
        var e = await Refused(() => _node.Client.EnqueueBatchAsync([element]), StatusCode.InvalidArgument);
        Assert.That(e.Detail, Does.Contain("execution_metadata_json"));
    }

    [Test]
    public async Task ABatchWithOneBadElement_EnqueuesNothing()
    {
        var good = OdopClient.NewElement("sleep");
        var bad = OdopClient.NewElement("sleep", executionId: "bad");
        var e = await Refused(() => _node.Client.EnqueueBatchAsync([good, bad]), StatusCode.InvalidArgument);
        Assert.That(e.Detail, Does.Contain("elements[1].execution_id"));
    }

    [Test]
    public async Task AMessageOverTheSizeLimit_IsResourceExhausted()
    {
        var big = new JsonObject { ["blob"] = new string('x', 100 * 1024) };
        await Refused(() => _node.Client.EnqueueAsync("sleep", big), StatusCode.ResourceExhausted);
    }

    [Test]
    public async Task AnExecutionIdReusedForAnotherTask_IsAlreadyExists()
    {
        TestProfiles.Write(_node.ProfilesDirectory, "other", "sleep");
        await Refused(() => _node.Client.EnqueueAsync("other", executionId: _queued[1]), StatusCode.AlreadyExists);
    }
}
