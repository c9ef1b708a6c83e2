using System.CommandLine;
using Microsoft.Extensions.Logging;
using Odop.Engine.Hosting;
using Odop.Protocol;

namespace Odop.Cli.Commands;

/// <summary>`odop engine`: runs task processes for the agent, pinned, under SCHED_IDLE, in their own process groups.</summary>
internal static class EngineCommand
{
    public static Command Create()
    {
        var socket = new Option<string>("--socket") { Description = "Unix socket to serve on (mode 0600)", DefaultValueFactory = _ => Endpoints.DefaultEngineSocket() };
        var logs = new Option<string>("--logs") { Description = "Folder for each execution's stdout and stderr", DefaultValueFactory = _ => DefaultLogDirectory() };
        var logLevel = Logging.LevelOption(LogLevel.Information);
        var command = new Command("engine", "Run the execution engine the agent sends start/stop/pause/resume commands to") { socket, logs, logLevel };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var loggers = Logging.Create(parse.GetValue(logLevel));
            await using var host = await EngineHost.StartAsync(new EngineHostOptions
            {
                SocketPath = parse.GetValue(socket)!,
                LogDirectory = Path.GetFullPath(parse.GetValue(logs)!),
            }, loggers, ct);
            Console.Error.WriteLine($"odop engine: serving unix:{host.SocketPath}; logs in {host.LogDirectory}");
            await AgentCommand.WaitForShutdown(ct);
            return 0;
        }));
        return command;
    }

    /// <summary>$XDG_STATE_HOME/odop/logs, else ~/.local/state/odop/logs.</summary>
    internal static string DefaultLogDirectory() => Path.Combine(AgentCommand.StateDirectory(), "logs");
}
