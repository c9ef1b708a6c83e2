using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Odop.Benchmarks.Enqueue;

/// <summary>
/// The same sequential single enqueues from Python (odop_client on the official grpcio), as a Python
/// simulation makes them: python_enqueue.py in a process of its own, measured after its warm-up.
/// </summary>
internal static class PythonClient
{
    public sealed record Result(double PerSecond, double[] Micros, double ClientCpuMicros, double AgentCpuMicros);

    /// <summary>Null, with the reason printed, where python3 with grpcio or the sources are not there.</summary>
    public static async Task<Result?> SequentialSinglesAsync(string socket, int calls, int agentPid)
    {
        var root = RepositoryRoot();
        if (root is null)
        {
            Console.WriteLine("  Python client: skipped (src/python not found above the benchmark)");
            return null;
        }
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("ODOP_PYTHON") ?? "/usr/bin/python3")
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(root, "bench", "Odop.Benchmarks", "Enqueue", "python_enqueue.py"));
        start.ArgumentList.Add(socket);
        start.ArgumentList.Add(calls.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("5");
        start.Environment["PYTHONPATH"] = Path.Combine(root, "src", "python");
        using var python = Process.Start(start)!;
        var errors = python.StandardError.ReadToEndAsync();
        if (await python.StandardOutput.ReadLineAsync() != "warm")
        {
            await python.WaitForExitAsync();
            Console.WriteLine($"  Python client: skipped ({(await errors).Trim().Split('\n')[^1]})");
            return null;
        }
        var agentCpu = CpuMark.Now(agentPid).AgentMicros;
        await python.StandardInput.WriteLineAsync("go");
        await python.StandardInput.FlushAsync();
        var line = await python.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"python_enqueue.py: {await errors}");
        var agentCpuPerCall = (CpuMark.Now(agentPid).AgentMicros - agentCpu) / calls;
        await python.WaitForExitAsync();
        using var json = JsonDocument.Parse(line);
        var r = json.RootElement;
        return new Result(r.GetProperty("per_second").GetDouble(), [.. r.GetProperty("micros").EnumerateArray().Select(m => m.GetDouble())],
            r.GetProperty("cpu_micros_per_call").GetDouble(), agentCpuPerCall);
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "python", "odop_client"))) return dir.FullName;
        return null;
    }
}
