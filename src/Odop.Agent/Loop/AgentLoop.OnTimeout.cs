using Microsoft.Extensions.Logging;
using Odop.Agent.Hooks;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    private OnTimeoutRunner? _onTimeout;

    /// <summary>
    /// After an execution is recorded timed_out: runs its profile's on_timeout command off the loop, in the
    /// task's working directory, and records the outcome as a history note when it ends. If the agent stops
    /// first, the command runs on but its outcome is not recorded.
    /// </summary>
    private void StartOnTimeout(TrackedExecution execution)
    {
        if (execution.Profile.OnTimeout is not { } command) return;
        _onTimeout ??= new OnTimeoutRunner(_clock, _options.StopGrace);
        var baseDirectory = execution.Profile.File is { } file
            ? Path.GetDirectoryName(Path.GetFullPath(file))!
            : Directory.GetCurrentDirectory();
        var method = execution.Profile.Method;
        var workingDirectory = method.WorkingDirectory is { } wd ? Path.GetFullPath(wd, baseDirectory) : baseDirectory;
        var logDirectory = execution.StdoutPath is { Length: > 0 } stdout ? Path.GetDirectoryName(stdout)! : workingDirectory;
        var request = new OnTimeoutRunner.Request(execution.Id, execution.Record.TaskId, command, workingDirectory, method.Environment,
            Path.Combine(logDirectory, execution.Id + ".on_timeout.log"), execution.StdoutPath, execution.StderrPath);

        var id = execution.Id;
        var runner = _onTimeout;
        _ = Task.Run(async () =>
        {
            string outcome;
            try
            {
                outcome = await runner.RunAsync(request);
            }
            catch (Exception e)
            {
                outcome = $"on_timeout: failed: {e.Message}";
            }
            OnTimeoutLog(_logger, id, outcome);
            _events.Writer.TryWrite(new OnTimeoutFinished(id, outcome));
        });
    }

    private void HandleOnTimeoutFinished(OnTimeoutFinished e)
    {
        if (_book.TryGet(e.ExecutionId, out var execution)) Note(execution, e.Outcome);
    }

    [LoggerMessage(EventId = 1031, Level = LogLevel.Information, Message = "{ExecutionId}: {Outcome}")]
    private static partial void OnTimeoutLog(ILogger logger, string executionId, string outcome);
}
