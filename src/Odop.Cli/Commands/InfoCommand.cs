using System.CommandLine;
using Odop.Cli.Output;
using Odop.Client;

namespace Odop.Cli.Commands;

/// <summary>`odop info`: counts per state, what runs where, the queue and an estimate of when it drains.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("info", "Show the agent's executions per state, what runs on which cores, the queue and its estimated drain time") { agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var client = OdopClient.Connect(parse.GetValue(agent));
            var info = await client.InfoAsync(ct);
            Console.Write(parse.GetValue(json) ? ExecutionFormat.ToJson(info) + Environment.NewLine : InfoFormat.Text(info));
            return 0;
        }));
        return command;
    }
}
