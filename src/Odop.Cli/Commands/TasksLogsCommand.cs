using System.CommandLine;
using Odop.Cli.Output;
using Odop.Client;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>`odop tasks logs ID [--stderr] [--follow]`: an execution's output, as the engine captured it.</summary>
internal static class TasksLogsCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("execution-id") { Description = "The execution's UUID" };
        var stderr = new Option<bool>("--stderr") { Description = "Print standard error instead of standard output" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the execution ends (waits for a queued one to start)" };
        var agent = CommonOptions.Agent();
        var command = new Command("logs", "Print an execution's standard output (or --stderr); --follow until it ends") { id, stderr, follow, agent };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var client = OdopClient.Connect(parse.GetValue(agent));
            var execution = await client.GetAsync(parse.GetValue(id)!, ct);
            var stream = parse.GetValue(stderr) ? LogStream.Stderr : LogStream.Stdout;
            await using var output = Console.OpenStandardOutput();
            return parse.GetValue(follow)
                ? await FollowAsync(client, execution, stream, output, ct)
                : await PrintAsync(execution, stream, output, ct);
        }));
        return command;
    }

    internal enum LogStream { Stdout, Stderr }

    private static string PathOf(Execution e, LogStream stream) => stream == LogStream.Stderr ? e.StderrPath : e.StdoutPath;

    private static string Name(LogStream stream) => stream == LogStream.Stderr ? "stderr" : "stdout";

    private static bool HasEnded(Execution e) =>
        e.State is ExecutionState.Succeeded or ExecutionState.Failed or ExecutionState.TimedOut or ExecutionState.Stopped or ExecutionState.Skipped;

    private static async Task<int> PrintAsync(Execution execution, LogStream stream, Stream output, CancellationToken ct)
    {
        var path = PathOf(execution, stream);
        if (path.Length == 0) return NoPath(execution, stream);
        if (!File.Exists(path)) return Missing(execution, stream, path);
        await CopyFromAsync(path, 0, output, ct);
        return 0;
    }

    /// <summary>
    /// Prints what the file holds, then what it grows by, until the execution has ended. The state comes
    /// from the Watch stream (Get polls if the stream breaks); it is read before each copy, so the copy
    /// after the end was seen holds everything the process wrote.
    /// </summary>
    private static async Task<int> FollowAsync(OdopClient client, Execution first, LogStream stream, Stream output, CancellationToken ct)
    {
        var latest = first;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = Task.Run(async () =>
        {
            await foreach (var e in client.WatchAsync([first.ExecutionId], includeCurrent: true, stop.Token))
                Volatile.Write(ref latest, e.Execution);
        }, CancellationToken.None);
        try
        {
            long offset = 0;
            var toldWaiting = false;
            while (true)
            {
                var current = watch.IsCompleted ? await client.GetAsync(first.ExecutionId, ct) : Volatile.Read(ref latest);
                var ended = HasEnded(current);
                var path = PathOf(current, stream);
                if (path.Length > 0 && File.Exists(path)) offset = await CopyFromAsync(path, offset, output, ct);
                else if (ended) return path.Length == 0 ? NoPath(current, stream) : Missing(current, stream, path);
                else if (!toldWaiting)
                {
                    Console.Error.WriteLine($"odop: waiting for {current.ExecutionId} to start ({ExecutionFormat.State(current.State)})");
                    toldWaiting = true;
                }
                if (ended) return 0;
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
        finally
        {
            await stop.CancelAsync();
            try { await watch; } catch (Exception e) when (e is OperationCanceledException or Odop.Protocol.RpcException) { }
        }
    }

    private static async Task<long> CopyFromAsync(string path, long offset, Stream output, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length < offset) offset = 0; // truncated or replaced: start over
        file.Seek(offset, SeekOrigin.Begin);
        await file.CopyToAsync(output, ct);
        await output.FlushAsync(ct);
        return file.Position;
    }

    private static int NoPath(Execution e, LogStream stream)
    {
        Console.Error.WriteLine(e.State is ExecutionState.Queued or ExecutionState.Starting
            ? $"odop: {e.ExecutionId} has not started yet ({ExecutionFormat.State(e.State)}): no {Name(stream)} so far; --follow waits for it"
            : $"odop: no {Name(stream)} recorded for {e.ExecutionId} ({ExecutionFormat.State(e.State)}): it never ran, or ran before the agent restarted");
        return CliErrors.Failure;
    }

    private static int Missing(Execution e, LogStream stream, string path)
    {
        Console.Error.WriteLine($"odop: the {Name(stream)} file of {e.ExecutionId} is gone: {path} does not exist");
        return CliErrors.Failure;
    }
}
