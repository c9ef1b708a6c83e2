using System.Diagnostics;

namespace Odop.Benchmarks;

/// <summary>Starts odop (the CLI built beside this benchmark) and other programs as separate processes, the way users run them.</summary>
internal static class OdopProcesses
{
    /// <summary>What build.sh's ./odop exports; odop is measured as users run it.</summary>
    public const string GcGen0Size = "0x400000";

    /// <summary>
    /// The odop that ./odop runs: build.sh's ReadyToRun build when it is there (build.sh keeps it current),
    /// else the copy beside this benchmark (IL only, so its start-up JIT counts in what is measured).
    /// </summary>
    public static string OdopDll { get; } = FindOdopDll();

    /// <summary>Starts <c>odop &lt;args&gt;</c> with its own runtime settings (odop.runtimeconfig.json), not this benchmark's.</summary>
    public static Process StartOdop(params string[] args) => Start("dotnet", [OdopDll, .. args]);

    private static string FindOdopDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "odop.dll");
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Odop.sln"))) root = root.Parent;
        if (root is null) return beside;
        // Where build.sh publishes it: bin/<this benchmark's configuration>/net10.0/<this machine's RID>/publish.
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release";
        var published = Path.Combine(root.FullName, "src/Odop.Cli/bin", config, "net10.0",
            System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "publish", "odop.dll");
        return File.Exists(published) ? published : beside;
    }

    public static Process Start(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        start.Environment["DOTNET_GCgen0size"] = GcGen0Size;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void Kill(params Process[] processes)
    {
        foreach (var p in processes)
            try { p.Kill(entireProcessTree: true); p.WaitForExit(10_000); } catch (InvalidOperationException) { }
    }
}
