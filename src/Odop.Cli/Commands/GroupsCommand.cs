using System.CommandLine;
using Odop.Cli.Output;
using Odop.Client;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>`odop groups [NAME]`: where groups of executions stand (e.g. after `odop batch --no-wait`).</summary>
internal static class GroupsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "One group's name (default: every group)", Arity = ArgumentArity.ZeroOrOne };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("groups", "Show groups of executions: state, members, first failure") { name, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var client = OdopClient.Connect(parse.GetValue(agent));
            var reply = new ListGroupsReply();
            if (parse.GetValue(name) is { } one) reply.Groups.Add(await client.GetGroupAsync(one, ct));
            else reply.Groups.AddRange(await client.ListGroupsAsync(ct));
            Console.Write(parse.GetValue(json) ? ExecutionFormat.ToJson(reply) + Environment.NewLine : BatchCommand.Summary(reply.Groups));
            return 0;
        }));
        return command;
    }
}
