using System.CommandLine;
using System.Globalization;
using Odop.Cli.Output;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>`odop usage --from DATE --to DATE`: core-seconds per user, task and state over a window.</summary>
internal static class UsageCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "Start of the window: a date (2026-11-01, local midnight) or an ISO 8601 time", Required = true };
        var to = new Option<string?>("--to") { Description = "End of the window, exclusive; a date means the end of that day (default: now)" };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("usage", "Core-seconds per user, per task and per state over a time window (yours; everyone's for an admin)") { from, to, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            var request = new UsageRequest
            {
                FromUnixMs = ParseTime(parse.GetValue(from)!, "--from", endOfDay: false).ToUnixTimeMilliseconds(),
                ToUnixMs = parse.GetValue(to) is { } t ? ParseTime(t, "--to", endOfDay: true).ToUnixTimeMilliseconds() : 0,
            };
            using var channel = CliClient.Open(parse, agent);
            var reply = await channel.UnaryAsync(LeasesMethods.Usage, request, CliClient.Timeout(ct, 120));
            if (parse.GetValue(json))
            {
                Console.WriteLine(ExecutionFormat.ToJson(reply));
                return 0;
            }
            var table = new Table("USER", "TASK", "STATE", "EXECUTIONS", "CORE-SECONDS");
            foreach (var r in reply.Rows)
                table.Add(r.User, r.Task, r.State, r.Executions.ToString(CultureInfo.InvariantCulture), r.CoreSeconds.ToString("0.0", CultureInfo.InvariantCulture));
            Console.Write(table);
            return 0;
        }));
        return command;
    }

    internal static DateTimeOffset ParseTime(string text, string option, bool endOfDay)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Local);
            return new DateTimeOffset(endOfDay ? local.AddDays(1) : local);
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var time)) return time;
        throw new ArgumentException($"{option}: '{text}' is not a date (2026-11-01) or an ISO 8601 time (2026-11-01T08:00:00Z)");
    }
}
