using System.Text.Json.Nodes;
using Odop.Agent.Tests.Support;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

public class OnTimeoutTests
{
    [Test]
    public async Task AfterATimeout_TheOnTimeoutCommandRunsInTheTasksFolder_WithItsIds_AndItsExitIsInTheHistory()
    {
        string? profiles = null;
        await using var node = await NodeUnderTest.StartAsync(dir =>
        {
            profiles = dir;
            ProfileKeys.With(TestProfiles.Write(dir, "sleep", "sleep", time: "1s"), ("on_timeout", new JsonArray(
                "sh", "-c", "echo \"$ODOP_EXECUTION_ID $ODOP_TASK_ID {execution_id}\" > on_timeout.marker")));
        }, policy: Odop.Scheduling.PolicyKind.Static, timeLimitSlack: TimeSpan.FromSeconds(1),
            simulationRootPid: Environment.ProcessId); // other MPI jobs on the machine are not our simulation
        var id = (await node.Client.EnqueueAsync("sleep")).ExecutionId;

        await node.WaitForStateAsync(id, ExecutionState.TimedOut, seconds: 60);
        var noted = await node.WaitForAsync(id, e => e.Transitions.Any(t => t.Reason.StartsWith("on_timeout", StringComparison.Ordinal)),
            "noted with its on_timeout outcome");

        var marker = Path.Combine(profiles!, "on_timeout.marker");
        Assert.That(File.Exists(marker), "the command ran in the profile's folder (the task's base directory)");
        var words = File.ReadAllText(marker).Split(' ', StringSplitOptions.TrimEntries);
        Assert.That(words[0], Is.EqualTo(id));
        Assert.That(words[1], Is.EqualTo(noted.TaskId));
        Assert.That(words[2], Is.EqualTo(id), "{execution_id} is substituted in its argv");
        var note = noted.Transitions.Last();
        Assert.That((note.From, note.To), Is.EqualTo((ExecutionState.TimedOut, ExecutionState.TimedOut)));
        Assert.That(note.Reason, Does.StartWith("on_timeout: exit 0"));
        Assert.That(noted.State, Is.EqualTo(ExecutionState.TimedOut));
        Assert.That(noted.Reason, Does.Contain("time limit"), "the state's reason is still the timeout");
    }

    [Test]
    public async Task AnOnTimeoutCommandThatHangs_IsKilledAfterItsOwnLimit_AndThatIsInTheHistory()
    {
        string? profiles = null;
        await using var node = await NodeUnderTest.StartAsync(dir =>
        {
            profiles = dir;
            ProfileKeys.With(TestProfiles.Write(dir, "sleep", "sleep", time: "1s"), ("on_timeout", new JsonObject
            {
                ["command"] = new JsonArray("sh", "-c", "echo $$ > on_timeout.pid; exec sleep 300"),
                ["time"] = "1s",
            }));
        }, policy: Odop.Scheduling.PolicyKind.Static, timeLimitSlack: TimeSpan.FromSeconds(1),
            simulationRootPid: Environment.ProcessId); // other MPI jobs on the machine are not our simulation
        var id = (await node.Client.EnqueueAsync("sleep")).ExecutionId;

        await node.WaitForStateAsync(id, ExecutionState.TimedOut, seconds: 60);
        var noted = await node.WaitForAsync(id, e => e.Transitions.Any(t => t.Reason.StartsWith("on_timeout", StringComparison.Ordinal)),
            "noted with its on_timeout outcome");

        Assert.That(noted.Transitions.Last().Reason, Does.StartWith("on_timeout: killed after 1s (its time limit)"));
        var pid = int.Parse(File.ReadAllText(Path.Combine(profiles!, "on_timeout.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Proc.Exists(pid), Is.False, "the hanging command is gone");
    }
}
