using System.Diagnostics;
using System.Text.Json.Nodes;
using Odop.Agent.Tests.Support;
using Odop.Core.Hardware;
using Odop.Core.Profiles;
using Odop.Protocol.V1;

namespace Odop.Agent.Tests.EndToEnd;

/// <summary>
/// The odop policy against a real MPI simulation whose phases and helper bursts are known: ranks bound
/// to CPU 0 compute, communicate and idle; every few steps a helper thread takes CPU 1 for a while. Once a task has
/// yielded CPU 1, the simulation ends and every task must then finish.
/// </summary>
public class ReclaimTests
{
    [Test]
    public async Task SideTasksStayOffBusyCores_AndYieldWhenAHelperThreadTakesTheirCore_AndProfilesLearn()
    {
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        if (!usable.Contains(0) || !usable.Contains(1)) Assert.Ignore("needs CPUs 0 and 1");
        var phasesim = BuildPhasesim();
        string profilePath = "";
        await using var node = await NodeUnderTest.StartAsync(dir => profilePath = TestProfiles.Write(dir, "work", "work"));

        using var simulation = MonitoringTests.StartMpirun("-n", "2", "--cpu-set", "0", "--bind-to", "core", "--oversubscribe", phasesim,
            "--steps", "5000", "--compute-ms", "80", "--comm-ms", "5", "--idle-ms", "15",
            "--helper-core", "1", "--helper-every", "6", "--helper-ms", "500", "--helper-rank", "0");
        node.Agent.WatchSimulation(simulation.Id);
        var kernelSaw = new List<(int Pid, CpuSet Cpus)>();
        try
        {
            await Task.Delay(1500); // let the predictor see the simulation's rhythm first
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
                ids.Add((await node.Client.EnqueueAsync("work", new JsonObject { ["seconds"] = 1.0 })).ExecutionId);

            // Ground truth while the simulation runs: the kernel's view of each running or paused task's allowed CPUs.
            // Once the helper has made the scheduler pause a task, the simulation ends: the paused task must come
            // back once its core is quiet, and the rest run on the freed node. Left running, the helper takes CPU 1
            // for 500 ms of every second or so, and whether a resume fits between its bursts before the 60 s pause
            // limit requeues the task depends on how fast the machine is.
            var simulationEnded = false;
            var deadline = DateTime.UtcNow.AddSeconds(300);
            while (DateTime.UtcNow < deadline)
            {
                var all = await node.Client.ListAsync();
                if (!simulationEnded)
                {
                    foreach (var e in all.Where(e => e.State is ExecutionState.Running or ExecutionState.Paused && e.Pid != 0))
                        if (Proc.StatusField(e.Pid, "Cpus_allowed_list") is { } list) kernelSaw.Add((e.Pid, CpuSet.Parse(list)));
                    if (all.Any(e => e.State == ExecutionState.Paused))
                    {
                        simulation.Kill(entireProcessTree: true);
                        await simulation.WaitForExitAsync();
                        simulationEnded = true;
                    }
                }
                if (all.All(e => e.State is ExecutionState.Succeeded or ExecutionState.Failed)) break;
                await Task.Delay(50);
            }

            var finished = new List<Execution>();
            foreach (var id in ids) finished.Add(await node.Client.GetAsync(id));
            Assert.That(finished.Select(e => e.State), Is.All.EqualTo(ExecutionState.Succeeded),
                string.Join("\n", finished.SelectMany(e => e.Transitions.Select(t => $"{e.ExecutionId[..8]} {t.To}: {t.Reason}"))));
            Assert.That(kernelSaw, Is.Not.Empty, "the tasks were seen on their cores");
            var history = string.Join("\n", finished.SelectMany(e => e.Transitions.Select(t => $"{e.ExecutionId[..8]} {t.To}: {t.Reason}")));
            Assert.That(kernelSaw.Where(s => s.Cpus.Contains(0)), Is.Empty, "no side task ever ran on CPU 0, where the ranks compute\n" + history);

            var reclaims = finished.SelectMany(e => e.Transitions).Where(t => t.To == ExecutionState.Paused && t.Reason.Contains("scheduler")).ToList();
            Assert.That(reclaims, Is.Not.Empty, "a helper burst on CPU 1 made the scheduler pause a side task there");
            Assert.That(reclaims.Select(r => r.Reason), Has.Some.Contains("busy"));

            await RunToCompletionTests.WaitUntil(() => node.Agent.ProfilesWritten && TaskProfile.Load(profilePath).Measured?.Runs == 3, "profile updated");
        }
        finally
        {
            simulation.Kill(entireProcessTree: true);
            await simulation.WaitForExitAsync();
        }
    }

    private static string BuildPhasesim()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Odop.sln"))) repo = repo.Parent;
        Assert.That(repo, Is.Not.Null, "repository root not found");
        var dir = Path.Combine(repo!.FullName, "bench", "phasesim");
        using var make = Process.Start("make", ["-s", "-C", dir])!;
        make.WaitForExit();
        Assert.That(make.ExitCode, Is.EqualTo(0), "make -C bench/phasesim failed (needs mpicc: ./build.sh installs Open MPI)");
        return Path.Combine(dir, "out", "phasesim");
    }
}
