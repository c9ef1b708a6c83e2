using System.Text.Json.Nodes;
using Odop.Agent.Tests.Support;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>A core a side task leaves is given to the next one when the task ends, not at the next sample.</summary>
public class FreedCoreTests
{
    private static readonly int OurProcessTree = Environment.ProcessId;

    [Test]
    public async Task WhenASideTaskEnds_TheNextStartsOnItsCoreAtOnce_NotAtTheNextSample()
    {
        // One core for side tasks and a 3 s sampling period. The first task starts at a sample and
        // ends about 1 s later; the next sample is 2 s after that.
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), TestCpus.AllButOne(),
            policy: Odop.Scheduling.PolicyKind.Static, simulationRootPid: OurProcessTree, samplingPeriod: TimeSpan.FromSeconds(3));
        var first = (await node.Client.EnqueueAsync("sleep", new JsonObject { ["seconds"] = 1 })).ExecutionId;
        var next = (await node.Client.EnqueueAsync("sleep", new JsonObject { ["seconds"] = 1 })).ExecutionId;

        var ended = await node.WaitForStateAsync(first, ExecutionState.Succeeded);
        var started = await node.WaitForAsync(next, e => e.StartedAtUnixMs > 0, "started");

        var idle = started.StartedAtUnixMs - ended.EndedAtUnixMs;
        Assert.That(idle, Is.LessThan(1_000), $"the core stood idle {idle} ms between the two tasks");
        Assert.That(started.StartedAtUnixMs, Is.GreaterThanOrEqualTo(ended.EndedAtUnixMs), "one core: the next cannot start before the first ends");
        await node.WaitForStateAsync(next, ExecutionState.Succeeded);
    }
}
