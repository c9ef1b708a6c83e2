using Odop.Agent.Tests.Support;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

public class TimeLimitTests
{
    [Test]
    public async Task AnExecutionPastItsTimePlusSlack_IsStoppedAsTimedOut_AndItsProcessIsGone()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep", time: "1s"),
            policy: Odop.Scheduling.PolicyKind.Static, timeLimitSlack: TimeSpan.FromSeconds(1));
        var id = (await node.Client.EnqueueAsync("sleep")).ExecutionId;
        var running = await node.WaitForStateAsync(id, ExecutionState.Running);

        var timedOut = await node.WaitForStateAsync(id, ExecutionState.TimedOut, seconds: 60);

        Assert.That(timedOut.Reason, Does.Contain("time limit 2s exceeded").And.Contain("1s from the profile"));
        Assert.That(timedOut.Usage.WallSeconds, Is.GreaterThanOrEqualTo(2).And.LessThan(30), "stopped soon after the limit, not at the task's own end (120 s)");
        await RunToCompletionTests.WaitUntil(() => !Proc.Exists(running.Pid), "the process to be gone");
    }
}
