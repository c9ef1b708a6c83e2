using System.CommandLine;
using System.Globalization;
using Odop.Archiving;
using Odop.Cli.Output;
using Odop.Client;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>`odop archivers check FILE` validates an archivers file; `odop archivers status` shows each archiver's backlog.</summary>
internal static class ArchiversCommand
{
    public static Command Create() => new("archivers", "Where finished executions' records go: validate an archivers file, show the backlogs")
    {
        Check(),
        Status(),
    };

    /// <summary>Loads the `--archivers FILE` of `odop agent`; errors name the file and field.</summary>
    public static ArchiveConfig Load(string path) => ArchiveConfig.Load(Path.GetFullPath(path), ArchiverRegistry.CreateDefault());

    private static Command Check()
    {
        var file = new Argument<string>("FILE") { Description = "Archivers file (JSON)" };
        var command = new Command("check", "Validate an archivers file as `odop agent --archivers` would read it") { file };
        command.SetAction((parse, _) => CliErrors.Guard(async () =>
        {
            var config = Load(parse.GetValue(file)!);
            foreach (var a in config.Archivers)
            {
                Console.WriteLine($"{a.Settings.Name}: {a.Settings.Type}, timeout {Duration(a.Settings.Timeout)}, ttl {Duration(a.Settings.Ttl)}, " +
                    $"retries {(a.Settings.Retries.MaxAttempts?.ToString(CultureInfo.InvariantCulture) ?? "until ttl")} " +
                    $"(backoff {Duration(a.Settings.Retries.Backoff)} up to {Duration(a.Settings.Retries.MaxBackoff)})");
                (a.Archiver as IDisposable)?.Dispose();
            }
            Console.WriteLine($"{config.File}: {config.Archivers.Count} archiver(s), valid");
            await Task.CompletedTask;
            return 0;
        }));
        return command;
    }

    private static Command Status()
    {
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("status", "Each archiver's backlog: pending, delivered, failed attempts, expired, last error") { agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var channel = AgentEndpoint.Open(AgentEndpoint.Resolve(parse.GetValue(agent)));
            var reply = await channel.UnaryAsync(ArchiveMethods.Status, new ArchiveStatusRequest(), CallOptions.WithTimeout(TimeSpan.FromSeconds(30), ct));
            if (parse.GetValue(json))
            {
                Console.WriteLine(ExecutionFormat.ToJson(reply));
                return 0;
            }
            if (reply.Archivers.Count == 0)
            {
                Console.WriteLine("no archivers configured (start the agent with --archivers FILE)");
                return 0;
            }
            var table = new Table("ARCHIVER", "TYPE", "PENDING", "DELIVERED", "FAILED ATTEMPTS", "EXPIRED", "GIVEN UP", "BACKING OFF UNTIL", "LAST ERROR");
            foreach (var a in reply.Archivers)
                table.Add(a.Name, a.Type, N(a.Pending), N(a.Delivered), N(a.FailedAttempts), N(a.Expired), N(a.GivenUp),
                    a.BackingOffUntilUnixMs == 0 ? "-" : DateTimeOffset.FromUnixTimeMilliseconds(a.BackingOffUntilUnixMs).ToString("u", CultureInfo.InvariantCulture),
                    a.LastError.Length == 0 ? "-" : a.LastError);
            Console.Write(table);
            return 0;
        }));
        return command;
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan t) => new Odop.Core.Quantities.DurationQuantity(t).ToString();
}
