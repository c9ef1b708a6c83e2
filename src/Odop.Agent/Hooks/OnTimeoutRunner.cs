using System.Collections;
using Odop.Core.Profiles;
using Odop.Core.Quantities;
using Odop.Node.Processes;

namespace Odop.Agent.Hooks;

/// <summary>
/// Runs a profile's <c>on_timeout</c> command as a real child process of the agent (its own process group,
/// SCHED_IDLE, unpinned: the timed-out execution's cores already went to others), and kills it when it runs
/// past its own limit: SIGTERM to the group, the grace period, SIGKILL. Never throws: every ending,
/// including a failure to start, comes back as one line for the execution's history.
/// </summary>
internal sealed class OnTimeoutRunner(TimeProvider clock, TimeSpan grace)
{
    /// <summary>Everything the command needs to know about the execution that timed out.</summary>
    public sealed record Request(string ExecutionId, string TaskId, OnTimeoutCommand Command, string WorkingDirectory,
        IReadOnlyDictionary<string, string> ProfileEnvironment, string LogPath, string? TaskStdout, string? TaskStderr);

    /// <returns>"on_timeout: exit 0", "on_timeout: killed after 30s (its time limit)", "on_timeout: could not start: …"</returns>
    public async Task<string> RunAsync(Request request)
    {
        LaunchedProcess process;
        try
        {
            process = await Task.Run(() => ProcessLauncher.Spawn(Spec(request)));
        }
        catch (Exception e) when (e is LaunchException or IOException or UnauthorizedAccessException)
        {
            return $"on_timeout: could not start: {e.Message}";
        }

        var limit = request.Command.Time.Value;
        using var timer = new CancellationTokenSource();
        var expired = Task.Delay(limit, clock, timer.Token);
        if (await Task.WhenAny(process.Exited, expired) == process.Exited)
        {
            await timer.CancelAsync();
            return Describe(await process.Exited, request.LogPath);
        }

        process.SignalGroup(ProcessSignals.SIGTERM);
        if (await Task.WhenAny(process.Exited, Task.Delay(grace, clock)) != process.Exited) process.SignalGroup(ProcessSignals.SIGKILL);
        await process.Exited;
        return $"on_timeout: killed after {request.Command.Time} (its time limit); output in {request.LogPath}";
    }

    private static string Describe(ChildExit exit, string log) => exit switch
    {
        { ExitCode: { } code } => $"on_timeout: exit {code}; output in {log}",
        { TermSignal: { } signal } => $"on_timeout: killed by signal {signal}; output in {log}",
        _ => "on_timeout: ended, its exit status was lost",
    };

    private static LaunchSpec Spec(Request request)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            if (entry.Value is string value) env[(string)entry.Key] = value;
        foreach (var (key, value) in request.ProfileEnvironment) env[key] = value;
        env["ODOP_EXECUTION_ID"] = request.ExecutionId;
        env["ODOP_TASK_ID"] = request.TaskId;
        env["ODOP_TIMED_OUT"] = "1";
        if (request.TaskStdout is { } stdout) env["ODOP_TASK_STDOUT"] = stdout;
        if (request.TaskStderr is { } stderr) env["ODOP_TASK_STDERR"] = stderr;

        var argv = request.Command.Argv
            .Select(a => a.Replace("{execution_id}", request.ExecutionId, StringComparison.Ordinal).Replace("{task_id}", request.TaskId, StringComparison.Ordinal))
            .ToList();
        // "./cleanup.sh" is relative to the working directory, as the task's own command is to its folder.
        if (argv[0].Contains('/') && !Path.IsPathRooted(argv[0])) argv[0] = Path.GetFullPath(argv[0], request.WorkingDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(request.LogPath)!);
        return new LaunchSpec
        {
            Argv = argv,
            WorkingDirectory = request.WorkingDirectory,
            Environment = env,
            IdleScheduling = true,
            StdoutPath = request.LogPath,
            StderrPath = request.LogPath,
        };
    }
}
