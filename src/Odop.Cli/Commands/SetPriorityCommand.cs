using System.CommandLine;
using System.Globalization;
using Odop.Cli.Output;
using Odop.Client;

namespace Odop.Cli.Commands;

/// <summary>`odop tasks set-priority ID PRIORITY`: moves a queued execution up or down the queue.</summary>
internal static class SetPriorityCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("execution-id") { Description = "The queued execution's UUID" };
        // Read as text so that a bad value gets our own error and exit code 2.
        var priority = new Argument<string>("priority") { Description = "The new priority, a whole number (may be negative); higher runs first" };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("set-priority", "Give a queued execution a new priority; the next scheduling round uses it") { id, priority, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            var value = ParsePriority(parse.GetValue(priority)!);
            using var client = OdopClient.Connect(parse.GetValue(agent));
            var execution = await client.SetPriorityAsync(parse.GetValue(id)!, value, ct);
            Console.WriteLine(parse.GetValue(json)
                ? ExecutionFormat.ToJson(execution)
                : $"{execution.ExecutionId} {ExecutionFormat.State(execution.State)} priority {execution.Priority.ToString(CultureInfo.InvariantCulture)}");
            return 0;
        }));
        return command;
    }

    internal static int ParsePriority(string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"priority: '{text}' is not a whole number (e.g. 10 or -5)");
}
