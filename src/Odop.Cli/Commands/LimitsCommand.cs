using System.CommandLine;
using Odop.Agent.Access.Limits;

namespace Odop.Cli.Commands;

/// <summary>`odop limits check FILE`: validate a limits file before giving it to `odop agent --limits`.</summary>
internal static class LimitsCommand
{
    public static Command Create()
    {
        var command = new Command("limits", "Limits files (JSON; YAML is not supported): who may run what, how much, when");
        var file = new Argument<string>("file") { Description = "The limits file" };
        var check = new Command("check", "Validate a limits file: a syntax error names its line, an unknown field its path (exit 2)") { file };
        check.SetAction((parse, ct) => CliErrors.Guard(() =>
        {
            var limits = LimitsFile.Load(parse.GetValue(file)!);
            Console.WriteLine($"{limits.Path}: {limits.Rules.Count} rule(s), valid");
            return Task.FromResult(0);
        }));
        command.Add(check);
        return command;
    }
}
