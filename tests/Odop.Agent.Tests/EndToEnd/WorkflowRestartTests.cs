using Microsoft.Extensions.Logging.Abstractions;
using Odop.Agent.Tests.Support;
using Odop.Client;
using Odop.Core.Workflow;
using Odop.Engine.Hosting;
using Odop.Protocol.V1;
using RetryPolicy = Odop.Core.Workflow.RetryPolicy;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>An agent restarted on the same store file keeps dependencies and retry state; the engine keeps running meanwhile.</summary>
public class WorkflowRestartTests
{
    [Test]
    public async Task AfterARestart_ADependentStillWaits_AndARetryKeepsItsCountAndNotBeforeTime()
    {
        var root = Directory.CreateTempSubdirectory("odop-workflow-restart-").FullName;
        var profiles = Directory.CreateDirectory(Path.Combine(root, "profiles")).FullName;
        TestProfiles.Write(profiles, "sleep", "sleep");
        TestProfiles.Write(profiles, "fail", "fail");
        await using var engine = await EngineHost.StartAsync(new EngineHostOptions
        {
            SocketPath = Path.Combine(root, "engine.sock"),
            LogDirectory = Path.Combine(root, "logs"),
            DefaultStopGrace = TimeSpan.FromSeconds(2),
        }, NullLoggerFactory.Instance);
        var options = new AgentOptions
        {
            SocketPath = Path.Combine(root, "agent.sock"),
            EngineEndpoint = "unix:" + engine.SocketPath,
            ProfilesDirectory = profiles,
            StorePath = Path.Combine(root, "agent.db"),
            StopGrace = TimeSpan.FromSeconds(2),
            Policy = Odop.Scheduling.PolicyKind.Naive,
        };

        var first = OdopClient.NewElement("sleep", new() { ["seconds"] = 300 });
        var dependent = OdopClient.NewElement("sleep").WithWorkflow(new ExecutionWorkflow([Odop.Core.ExecutionId.Parse(first.ExecutionId)], DependencyMode.AfterOk, null, null));
        var retried = OdopClient.NewElement("fail").WithWorkflow(
            new ExecutionWorkflow([], DependencyMode.AfterOk, new RetryPolicy(3, TimeSpan.FromHours(1), 2, TimeSpan.FromHours(2)), null));
        Execution before;
        await using (var agent = await AgentHost.StartAsync(options, NullLoggerFactory.Instance))
        {
            using var client = OdopClient.Connect("unix:" + agent.SocketPath);
            await client.EnqueueBatchAsync([first, dependent, retried]);
            before = await ExecutionPolling.WaitForAsync(client, retried.ExecutionId, e => e.Retries == 1 && e.State == ExecutionState.Queued, "queued for its first retry");
            await ExecutionPolling.WaitForAsync(client, first.ExecutionId, e => e.State == ExecutionState.Running, "running");
        }

        await using var restarted = await AgentHost.StartAsync(options, NullLoggerFactory.Instance);
        using var again = OdopClient.Connect("unix:" + restarted.SocketPath);

        var waiting = await ExecutionPolling.WaitForAsync(again, dependent.ExecutionId, e => e.Reason == $"waiting: dependency {first.ExecutionId} (running)", "waiting on its dependency");
        Assert.That(waiting.After, Is.EqualTo(new[] { first.ExecutionId }));
        var kept = await again.GetAsync(retried.ExecutionId);
        Assert.That((kept.State, kept.Retries, kept.MaxRetries, kept.NotBeforeUnixMs), Is.EqualTo((ExecutionState.Queued, 1, 3, before.NotBeforeUnixMs)));
        Assert.That(kept.Transitions.Last().Reason, Is.EqualTo("exit code 3; retry 1 of 3 in 1h"));

        await again.StopAsync(first.ExecutionId);
        var skipped = await ExecutionPolling.WaitForAsync(again, dependent.ExecutionId, e => e.State == ExecutionState.Skipped, "skipped");
        Assert.That(skipped.Reason, Is.EqualTo($"dependency {first.ExecutionId} ended stopped"));
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }
}
