using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Odop.Node.Tests.Mpi.Shim;

/// <summary>Runs the MPI probe under a real mpirun, with the native shim built if it is missing.</summary>
internal static class MpiRun
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private static readonly Lock BuildGate = new();

    internal static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Runs mpirun with <paramref name="appContexts"/> (MPMD when more than one), each
    /// "ranks, node name or null", every rank running the probe.</summary>
    internal static async Task<ProbeOutput> ProbeAsync(params (int Ranks, string? NodeName)[] appContexts)
    {
        var mpirun = FindOnPath("mpirun") ?? throw new AssertionException(
            "mpirun not found on PATH: install Open MPI (apt-get install openmpi-bin libopenmpi-dev) or run ./build.sh");
        var nativeDir = EnsureNativeLibrary();
        var probe = ProbePath();

        var psi = new ProcessStartInfo(mpirun) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (await IsOpenMpiAsync(mpirun))
            psi.ArgumentList.Add("--oversubscribe"); // more ranks than cores; MPICH allows it anyway
        for (int i = 0; i < appContexts.Length; i++)
        {
            if (i > 0)
                psi.ArgumentList.Add(":");
            var (ranks, nodeName) = appContexts[i];
            psi.ArgumentList.Add("-n");
            psi.ArgumentList.Add(ranks.ToString());
            psi.ArgumentList.Add("env");
            psi.ArgumentList.Add(nodeName is null ? "-u" : $"ODOP_NODE_NAME={nodeName}");
            if (nodeName is null)
                psi.ArgumentList.Add("ODOP_NODE_NAME");
            psi.ArgumentList.Add("dotnet");
            psi.ArgumentList.Add(probe);
        }
        psi.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        psi.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        psi.Environment["ODOP_NATIVE_DIR"] = nativeDir;
        psi.Environment["TERM"] = "dumb";

        var (exit, stdout, stderr) = await RunAsync(psi, Limit);
        var command = $"{mpirun} {string.Join(' ', psi.ArgumentList)}";
        Assert.That(exit, Is.EqualTo(0), $"{command} exited with {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return ProbeOutput.Parse(stdout, command);
    }

    /// <summary>Builds native/out/libodop_mpi.so with make when it is missing; returns its folder.</summary>
    private static string EnsureNativeLibrary()
    {
        var outDir = Path.Combine(RepoRoot, "native", "out");
        lock (BuildGate)
        {
            if (File.Exists(Path.Combine(outDir, "libodop_mpi.so")))
                return outDir;
            if (FindOnPath("mpicc") is null)
                Assert.Fail("native/out/libodop_mpi.so is missing and mpicc is not on PATH: install Open MPI (libopenmpi-dev) or run ./build.sh");
            var psi = new ProcessStartInfo("make", ["-C", Path.Combine(RepoRoot, "native")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var (exit, stdout, stderr) = RunAsync(psi, Limit).GetAwaiter().GetResult();
            Assert.That(exit, Is.EqualTo(0), $"make -C native failed:\n{stdout}\n{stderr}");
            return outDir;
        }
    }

    /// <summary>The probe built in the same configuration as this test assembly (a ProjectReference builds it).</summary>
    private static string ProbePath()
    {
        var testsDir = Path.Combine(RepoRoot, "tests");
        var outputSuffix = Path.GetRelativePath(Path.Combine(testsDir, "Odop.Node.Tests"), AppContext.BaseDirectory);
        var probe = Path.Combine(testsDir, "Odop.Node.MpiProbe", outputSuffix, "Odop.Node.MpiProbe.dll");
        if (!File.Exists(probe))
            Assert.Fail($"{probe} is missing: build it with `dotnet build tests/Odop.Node.MpiProbe`");
        return probe;
    }

    private static async Task<bool> IsOpenMpiAsync(string mpirun)
    {
        var psi = new ProcessStartInfo(mpirun, ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var (_, stdout, stderr) = await RunAsync(psi, TimeSpan.FromSeconds(30));
        return (stdout + stderr).Contains("Open MPI", StringComparison.OrdinalIgnoreCase)
            || (stdout + stderr).Contains("OpenRTE", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Runs to the end, or kills the whole process tree after <paramref name="limit"/> and fails.</summary>
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(ProcessStartInfo psi, TimeSpan limit)
    {
        using var process = Process.Start(psi) ?? throw new AssertionException($"could not start {psi.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} ran past {limit} and was killed\n" +
                        $"stdout:\n{await stdout}\nstderr:\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static string FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("ODOP_REPO") is { Length: > 0 } repo)
            return repo;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Odop.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Odop.sln above {AppContext.BaseDirectory}; set ODOP_REPO");
    }
}

/// <summary>The probe's JSON lines: one per rank, then world rank 0's cluster view.</summary>
internal sealed record ProbeOutput(IReadOnlyList<JsonElement> Ranks, JsonElement Cluster)
{
    internal static ProbeOutput Parse(string stdout, string command)
    {
        var objects = stdout.Split('\n')
            .Select(line => line.IndexOf('{') is var at and >= 0 ? line[at..] : null) // a terminal may prefix escapes
            .OfType<string>()
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToList();
        var ranks = objects.Where(o => o.GetProperty("kind").GetString() == "rank")
            .OrderBy(o => o.GetProperty("rank").GetInt32())
            .ToList();
        var clusters = objects.Where(o => o.GetProperty("kind").GetString() == "cluster").ToList();
        Assert.That(clusters, Has.Count.EqualTo(1), $"{command}: expected one cluster line\n{stdout}");
        return new ProbeOutput(ranks, clusters[0]);
    }

    internal JsonElement[] Nodes => Cluster.GetProperty("nodes").EnumerateArray().ToArray();
}
