using System.Text.Json.Nodes;
using Odop.Cli.Tests.Support;
using Odop.Core.Hardware;
using Odop.Core.Profiles;

namespace Odop.Cli.Tests;

/// <summary>The README's main job, end to end: `odop run -- mpirun ...` on the heat example.</summary>
public class MainJobTests
{
    [Test]
    public async Task HeatExample_EverySideTaskSucceeds_OnACoreNoRankWasBoundTo_AndTheProfileLearns()
    {
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        if (!usable.Contains(0) || usable.Count < 2) Assert.Ignore("needs CPU 0 for the ranks and another CPU for side tasks");
        var root = Directory.CreateTempSubdirectory("odop-main-job-").FullName;
        var profiles = Directory.CreateDirectory(Path.Combine(root, "profiles")).FullName;
        File.Copy(Path.Combine(OdopCli.RepoRoot, "profiles", "heat-summary.json"), Path.Combine(profiles, "heat-summary.json"));
        // The profile's paths are relative to its folder; point them at the repository's example.
        var profilePath = Path.Combine(profiles, "heat-summary.json");
        var profile = JsonNode.Parse(File.ReadAllText(profilePath))!;
        profile["execution_method"]!["input_folder"] = Path.Combine(OdopCli.RepoRoot, "examples", "heat");
        profile["execution_method"]!["module"] = Path.Combine(OdopCli.RepoRoot, "examples", "heat", "tasks", "summarize.py");
        File.WriteAllText(profilePath, profile.ToJsonString());
        // The checkout's profile has learned from every main job run in it (the README's first command).
        var runsBefore = TaskProfile.Load(profilePath).Measured?.Runs ?? 0;
        var output = Path.Combine(root, "heat-out");

        var result = await OdopCli.RunAsync([
            "run", "--json", "--profiles", profiles, "--work-dir", Path.Combine(root, ".odop"), "--socket", Path.Combine(root, "agent.sock"), "--",
            "mpirun", "-n", "2", "--cpu-set", "0", "--bind-to", "core", "--oversubscribe",
            Path.Combine(OdopCli.RepoRoot, "examples", "heat", "simulate.py"), "--out", output, "--steps", "300", "--output-every", "100",
        ], workingDirectory: root);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        // stdout carries the simulation's own output too; the run leaves its summary in the work folder.
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(root, ".odop", "summary.json")))!;
        var executions = summary["executions"]!.AsArray();
        Assert.That(executions, Has.Count.EqualTo(6), "2 ranks x 3 output steps");
        Assert.That(executions.Select(e => e!["state"]!.GetValue<string>()), Is.All.EqualTo("EXECUTION_STATE_SUCCEEDED"));

        // Ground truth from the kernel: each task read its own /proc/self/status while it ran.
        var reports = Directory.GetFiles(output, "*.summary.json");
        Assert.That(reports, Has.Length.EqualTo(6));
        foreach (var report in reports)
        {
            var task = JsonNode.Parse(File.ReadAllText(report))!["task"]!;
            var cpus = CpuSet.Parse(task["cpus_allowed_list"]!.GetValue<string>());
            Assert.That(cpus.Contains(0), Is.False, $"{report}: ran on {cpus}, but the ranks were bound to CPU 0");
            Assert.That(cpus.Count, Is.EqualTo(1));
            Assert.That(task["sched_policy"]!.GetValue<string>(), Is.EqualTo("SCHED_IDLE"));
        }

        var learned = TaskProfile.Load(profilePath);
        Assert.That(learned.Measured?.Runs, Is.EqualTo(runsBefore + 6), "each of the 6 executions is one more measured run");
        Assert.That(learned.Measured!.Ewma.PeakRssBytes, Is.GreaterThan(1_000_000));
        Directory.Delete(root, recursive: true);
    }
}
