using System.Diagnostics;

namespace Odop.Benchmarks;

/// <summary>Starts odop (the CLI built beside this benchmark) and other programs as separate processes, the way users run them.</summary>
internal static class OdopProcesses
{
    /// <summary>What build.sh's ./odop exports; odop is measured as users run it.</summary>
    public const string GcGen0Size = "0x400000";

    /// <summary>Starts <c>odop &lt;args&gt;</c> with its own runtime settings (odop.runtimeconfig.json), not this benchmark's.</summary>
    public static Process StartOdop(params string[] args) =>
        Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "odop.dll"), .. args]);

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
