using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace Odop.Cli.Commands;

/// <summary>Console logging for the long-running verbs (agent, engine, run): one line per event, to stderr.</summary>
internal static class Logging
{
    public static Option<LogLevel> LevelOption(LogLevel defaultLevel) => new("--log-level")
    {
        Description = "Trace, Debug, Information, Warning, Error or None",
        DefaultValueFactory = _ => defaultLevel,
    };

    public static ILoggerFactory Create(LogLevel level) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(level)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            if (Console.IsErrorRedirected) o.ColorBehavior = Microsoft.Extensions.Logging.Console.LoggerColorBehavior.Disabled;
        })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
