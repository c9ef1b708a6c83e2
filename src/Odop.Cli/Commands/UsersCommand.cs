using System.CommandLine;
using Odop.Agent.Access;
using Odop.Cli.Output;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Cli.Commands;

/// <summary>`odop users create|list|revoke`: tokens and their capabilities (admin only).</summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", $"Manage the agent's users and tokens (needs admin; capabilities: {Capabilities.Known})");
        command.Add(CreateUser());
        command.Add(List());
        command.Add(Revoke());
        return command;
    }

    private static Command CreateUser()
    {
        var name = new Argument<string>("name") { Description = "The user's name (letters, digits, '.', '_', '-')" };
        var capabilities = new Option<string[]>("--capabilities", "-c")
        {
            Description = $"Comma-separated capabilities: {Capabilities.Known}",
            Required = true,
        };
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("create", "Create a user and print its token (shown only this once)") { name, capabilities, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            var wanted = Capabilities.Parse(parse.GetValue(capabilities) ?? [], "--capabilities"); // checked here too, before any call
            var request = new CreateUserRequest { Name = parse.GetValue(name)! };
            request.Capabilities.AddRange(wanted.Select(c => c.Name()));
            using var channel = CliClient.Open(parse, agent);
            var reply = await channel.UnaryAsync(UsersMethods.Create, request, CliClient.Timeout(ct));
            if (parse.GetValue(json)) Console.WriteLine(ExecutionFormat.ToJson(reply));
            else
            {
                Console.WriteLine(reply.Token);
                Console.Error.WriteLine($"odop: user '{reply.User.Name}' ({string.Join(",", reply.User.Capabilities)}); keep the token above: it is not shown again");
            }
            return 0;
        }));
        return command;
    }

    private static Command List()
    {
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("list", "List users (revoked ones too)") { agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var channel = CliClient.Open(parse, agent);
            var reply = await channel.UnaryAsync(UsersMethods.List, new ListUsersRequest(), CliClient.Timeout(ct));
            if (parse.GetValue(json))
            {
                Console.WriteLine(ExecutionFormat.ToJson(reply));
                return 0;
            }
            var table = new Table("USER", "CAPABILITIES", "CREATED", "REVOKED");
            foreach (var u in reply.Users)
                table.Add(u.Name, string.Join(",", u.Capabilities), Time(u.CreatedAtUnixMs), u.RevokedAtUnixMs == 0 ? "-" : Time(u.RevokedAtUnixMs));
            Console.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var name = new Argument<string>("name") { Description = "The user whose token stops working now" };
        var agent = CommonOptions.Agent();
        var command = new Command("revoke", "Revoke a user's token; it stops working at once") { name, agent };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            using var channel = CliClient.Open(parse, agent);
            var user = await channel.UnaryAsync(UsersMethods.Revoke, new RevokeUserRequest { Name = parse.GetValue(name)! }, CliClient.Timeout(ct));
            Console.WriteLine($"{user.Name} revoked");
            return 0;
        }));
        return command;
    }

    internal static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
}
