using System.Text.Json.Nodes;
using Odop.Agent.Tests.Support;
using Odop.Core.Hardware;
using Odop.Core.Profiles;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

public class RunToCompletionTests
{
    [Test]
    public async Task Enqueued_ExecutionsSucceedPinnedToOneCore_AndTheProfileLearnsTheirUsage()
    {
        string profilePath = "";
        await using var node = await NodeUnderTest.StartAsync(dir => profilePath = TestProfiles.Write(dir, "work", "work"));
        var markers = Enumerable.Range(0, 3).Select(i => Path.Combine(node.Root, $"marker-{i}.json")).ToList();

        var ids = new List<string>();
        foreach (var marker in markers)
        {
            var reply = await node.Client.EnqueueAsync("work", new JsonObject { ["seconds"] = 0.3, ["marker"] = marker, ["label"] = 7 });
            Assert.That(reply.Created, Is.True);
            ids.Add(reply.ExecutionId);
        }
        foreach (var id in ids) await node.WaitForStateAsync(id, ExecutionState.Succeeded);

        var usable = Odop.Node.Affinity.OfCurrentProcess();
        foreach (var marker in markers)
        {
            var seen = JsonNode.Parse(File.ReadAllText(marker))!;
            var cpus = CpuSet.Parse(seen["cpus"]!.GetValue<string>());
            Assert.That(cpus.Count, Is.EqualTo(1), "each execution is pinned to exactly the one core it asked for");
            Assert.That(cpus.IsSubsetOf(usable), Is.True);
            Assert.That(seen["options"]!["label"]!.GetValue<int>(), Is.EqualTo(7), "options reach the function with their JSON types");
        }

        var finished = await node.Client.GetAsync(ids[0]);
        Assert.That(finished.Usage.WallSeconds, Is.GreaterThan(0.2));
        Assert.That(finished.Usage.CpuSeconds, Is.GreaterThan(0.1));
        Assert.That(finished.Usage.PeakRssBytes, Is.GreaterThan(1_000_000));
        var path = finished.Transitions.Select(t => t.To).ToList();
        Assert.That(path.Take(2), Is.EqualTo(new[] { ExecutionState.Starting, ExecutionState.Running }));
        Assert.That(path[^1], Is.EqualTo(ExecutionState.Succeeded));
        Assert.That(path, Is.All.AnyOf(ExecutionState.Starting, ExecutionState.Running, ExecutionState.Paused, ExecutionState.Succeeded),
            "the scheduler may pause and resume a task when its core gets busy, nothing else: " +
            string.Join(" | ", finished.Transitions.Select(t => $"{t.To}: {t.Reason}")));

        await WaitUntil(() => node.Agent.ProfilesWritten && TaskProfile.Load(profilePath).Measured?.Runs == 3, "profile updated three times");
        var profile = TaskProfile.Load(profilePath);
        Assert.That(profile.Measured!.Last.CpuSeconds, Is.GreaterThan(0.1));
        Assert.That(profile.Requirement.Memory.Max!.Value.Bytes, Is.GreaterThan(1_000_000), "memory.max now comes from the measured peak RSS");
        Assert.That(JsonNode.Parse(File.ReadAllText(profilePath))!["owner_note"]!.GetValue<string>(), Does.Contain("must keep"));
    }

    [Test]
    public async Task Enqueue_IsIdempotentOnExecutionId()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "work", "work"));
        var id = Guid.NewGuid().ToString();

        var first = await node.Client.EnqueueAsync("work", executionId: id);
        var second = await node.Client.EnqueueAsync("work", executionId: id);

        Assert.That(first.Created, Is.True);
        Assert.That(second.Created, Is.False);
        Assert.That((await node.Client.ListAsync()).Count(e => e.ExecutionId == id), Is.EqualTo(1));
    }

    [Test]
    public async Task AFailingTask_EndsFailedWithItsExitCode()
    {
        await using var node = await NodeUnderTest.StartAsync(dir => TestProfiles.Write(dir, "fail", "fail"));

        var reply = await node.Client.EnqueueAsync("fail", new JsonObject { ["code"] = 5 });
        var failed = await node.WaitForStateAsync(reply.ExecutionId, ExecutionState.Failed);

        Assert.That(failed.ExitCode, Is.EqualTo(5));
        Assert.That(failed.Reason, Does.Contain("exit code 5"));
    }

    internal static async Task WaitUntil(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(50);
        }
    }
}
