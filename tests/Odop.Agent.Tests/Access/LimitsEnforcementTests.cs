using static Odop.Agent.Tests.Support.Refusals;
using Odop.Agent.Tests.Support;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.Access;

/// <summary>A limits file on a real agent: the refused enqueue names its rule and nothing queued is lost; admins are not limited.</summary>
public class LimitsEnforcementTests
{
    [Test]
    public async Task ARefusedEnqueue_NamesTheRule_AndLeavesTheQueueAsItWas()
    {
        var limits = Path.Combine(Path.GetTempPath(), $"odop-limits-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(limits, """
            {"rules": [
              {"users": ["bob"], "allow": false},
              {"users": ["*"], "tasks": ["sleep"], "max_concurrent": 1}
            ]}
            """);
        try
        {
            await using var node = await AccessNode.StartAsync(dir => TestProfiles.Write(dir, "sleep", "sleep"), limitsPath: limits);
            using var alice = node.ClientWith(await node.CreateUserAsync("alice", "enqueue", "query", "exec"));
            using var bob = node.ClientWith(await node.CreateUserAsync("bob", "enqueue"));
            var first = (await alice.EnqueueAsync("sleep")).ExecutionId;

            var quota = await FailsAsync(() => alice.EnqueueAsync("sleep"));
            var banned = await FailsAsync(() => bob.EnqueueAsync("sleep"));
            var admins = await node.Owner.EnqueueAsync("sleep");

            Assert.That(quota.Status, Is.EqualTo(StatusCode.ResourceExhausted));
            Assert.That(quota.Detail, Does.Contain($"{Path.GetFileName(limits)}: rules[1] (max_concurrent 1 for user alice"));
            Assert.That(banned.Status, Is.EqualTo(StatusCode.PermissionDenied));
            Assert.That(banned.Detail, Does.Contain("rules[0] (user bob may not run sleep)"));
            Assert.That((await alice.ListAsync()).Select(e => e.ExecutionId), Is.EqualTo(new[] { first }), "alice's queued execution is still there");
            Assert.That(admins.Created, Is.True, "admins are not limited");

            await alice.StopAsync(first);
            // A running one ends when its process does, a moment after the stop is acknowledged.
            await node.WaitForAsync(alice, first, e => e.State == ExecutionState.Stopped, "stopped");
            var afterwards = await alice.EnqueueAsync("sleep");
            Assert.That(afterwards.Created, Is.True, "a finished execution no longer counts");
            foreach (var e in await node.Owner.ListAsync([ExecutionState.Queued, ExecutionState.Starting, ExecutionState.Running])) await node.Owner.StopAsync(e.ExecutionId);
        }
        finally
        {
            File.Delete(limits);
        }
    }

    [Test]
    public async Task AnAgentGivenAMalformedLimitsFile_DoesNotStart_AndSaysWhere()
    {
        var limits = Path.Combine(Path.GetTempPath(), $"odop-limits-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(limits, "{\"rules\": [\n  {\"max_concurrent\": 2,}\n]}");
        try
        {
            var error = await Assert.ThrowsAsync<Odop.Core.OdopValidationException>(() => AccessNode.StartAsync(limitsPath: limits));
            Assert.That(error!.Message, Does.StartWith($"{limits}: line 2"));
        }
        finally
        {
            File.Delete(limits);
        }
    }

}
