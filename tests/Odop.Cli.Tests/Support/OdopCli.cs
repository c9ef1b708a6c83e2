using System.Diagnostics;

namespace Odop.Cli.Tests.Support;

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the real `odop` binary (odop.dll beside the tests) as a child process, as a person would.</summary>
internal static class OdopCli
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "odop.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (environment is not null) foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"odop {string.Join(' ', args)} did not finish in {timeoutSeconds}s");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindRepoRoot()
    {
        var env = Environment.GetEnvironmentVariable("ODOP_REPO");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "Odop.sln"))) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Odop.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Odop.sln) above " + AppContext.BaseDirectory);
    }
}
