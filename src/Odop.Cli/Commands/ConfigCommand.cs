using System.CommandLine;
using Odop.Client;

namespace Odop.Cli.Commands;

/// <summary>`odop config set endpoint|token VALUE`, `odop config show`: saved client settings (mode 0600).</summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", $"Saved client settings in {ClientConfig.DefaultPath()} (mode 0600)");
        var key = new Argument<string>("key") { Description = "endpoint or token" };
        var value = new Argument<string>("value") { Description = "The value; \"\" removes the key" };
        var set = new Command("set", "Save the agent endpoint or the token every verb uses by default") { key, value };
        set.SetAction((parse, ct) => CliErrors.Guard(() =>
        {
            ClientConfig.Set(parse.GetValue(key)!, parse.GetValue(value)!);
            Console.WriteLine($"{parse.GetValue(key)} saved in {ClientConfig.DefaultPath()}");
            return Task.FromResult(0);
        }));
        var show = new Command("show", "Show the saved settings (the token masked) and what the CLI would use now");
        show.SetAction((parse, ct) => CliErrors.Guard(() =>
        {
            var saved = ClientConfig.Load();
            Console.WriteLine($"file:     {ClientConfig.DefaultPath()}");
            Console.WriteLine($"endpoint: {saved.Endpoint ?? "(not set)"}   in use: {AgentEndpoint.Resolve()}");
            Console.WriteLine($"token:    {Mask(saved.Token)}   in use: {Mask(AgentEndpoint.ResolveToken())}");
            return Task.FromResult(0);
        }));
        command.Add(set);
        command.Add(show);
        return command;
    }

    private static string Mask(string? token) => token is null ? "(none)" : token.Length <= 10 ? "****" : token[..9] + "…";
}
