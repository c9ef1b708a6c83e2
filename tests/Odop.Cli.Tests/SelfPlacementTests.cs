using Odop.Cli.Tests.Support;
using Odop.Core.Hardware;

namespace Odop.Cli.Tests;

/// <summary>`odop run` keeps its own threads (agent, engine, CLI) off the cores the simulation's ranks are bound to.</summary>
public class SelfPlacementTests
{
    // The rank waits for the agent to have seen it, then reports from /proc what every thread of the
    // `odop run` process (its ancestor) may run on, and its own allowed CPUs.
    private const string Rank = """
        import os, sys, time
        time.sleep(3)
        pid = os.getpid()
        while pid > 1:
            pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
            if b"odop.dll" in open(f"/proc/{pid}/cmdline", "rb").read():
                break
        def allowed(path):
            return next(l.split(":")[1].strip() for l in open(path) if l.startswith("Cpus_allowed_list"))
        with open(sys.argv[1], "w") as out:
            out.write(f"rank {allowed('/proc/self/status')}\n")
            for tid in os.listdir(f"/proc/{pid}/task"):
                out.write(f"{tid} {allowed(f'/proc/{pid}/task/{tid}/status')}\n")
        """;

    [Test]
    public async Task OdopRun_MovesItsOwnThreadsOffTheRanksCores()
    {
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        if (!usable.Contains(0) || usable.Count < 2) Assert.Ignore("needs CPU 0 for the rank and another CPU");
        var root = Directory.CreateTempSubdirectory("odop-self-placement-").FullName;
        var script = Path.Combine(root, "rank.py");
        File.WriteAllText(script, Rank);
        var report = Path.Combine(root, "threads.txt");

        var result = await OdopCli.RunAsync([
            "run", "--profiles", Directory.CreateDirectory(Path.Combine(root, "profiles")).FullName,
            "--work-dir", Path.Combine(root, ".odop"), "--socket", Path.Combine(root, "agent.sock"), "--",
            "mpirun", "-n", "1", "--cpu-set", "0", "--bind-to", "core", "--oversubscribe", "/usr/bin/python3", script, report,
        ], workingDirectory: root);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
        var lines = File.ReadAllLines(report).Select(l => l.Split(' ', 2)).ToList();
        Assert.That(CpuSet.Parse(lines[0][1]), Is.EqualTo(CpuSet.Of([0])), "the rank is bound to CPU 0");
        var threads = lines.Skip(1).ToList();
        Assert.That(threads, Has.Count.GreaterThan(5), "the odop process and its threads were found");
        foreach (var thread in threads)
            Assert.That(CpuSet.Parse(thread[1]).Contains(0), Is.False, $"thread {thread[0]} of odop run may still use CPU 0: {thread[1]}");
        Directory.Delete(root, recursive: true);
    }
}
