using System.CommandLine;
using Odop.Cli.Output;
using Odop.Client;

namespace Odop.Cli.Commands;

/// <summary>`odop tasks history ID`: every transition with its time and reason, and why it waited.</summary>
internal static class TasksHistoryCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("execution-id") { Description = "The execution's UUID" };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("history", "Show an execution's transitions with times and reasons, and notes on why it was not placed") { id, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var client = OdopClient.Connect(parse.GetValue(agent));
            var history = await client.HistoryAsync(parse.GetValue(id)!, ct);
            Console.Write(parse.GetValue(json) ? ExecutionFormat.ToJson(history) + Environment.NewLine : HistoryFormat.Text(history));
            return 0;
        }));
        return command;
    }
}
