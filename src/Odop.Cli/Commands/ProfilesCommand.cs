using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Cli.Output;
using Odop.Core;
using Odop.Core.Profiles;

namespace Odop.Cli.Commands;

/// <summary>`odop profiles list|show|validate`: read the profile files directly; no agent needed.</summary>
internal static class ProfilesCommand
{
    public static Command Create()
    {
        var command = new Command("profiles", "List, show and validate task profiles");
        command.Add(List());
        command.Add(Show());
        command.Add(Validate());
        return command;
    }

    private static Command List()
    {
        var folder = CommonOptions.Profiles();
        var json = CommonOptions.Json();
        var command = new Command("list", "List the profiles in a folder") { folder, json };
        command.SetAction(parse => Guard(() =>
        {
            var directory = ProfileDirectory.Load(parse.GetValue(folder)!);
            if (parse.GetValue(json))
            {
                var array = new JsonArray(directory.Profiles.Select(p => (JsonNode?)p.ToJson()).ToArray());
                Console.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                var table = new Table("NAME", "TASK ID", "TIME", "CPUS (MIN-MAX)", "MEMORY (MIN-MAX)", "THREADS", "RUNS", "FILE");
                foreach (var p in directory.Profiles.OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    var r = p.Requirement;
                    table.Add(p.Name, p.TaskId, r.Time.ToString(), $"{r.Cpus.Min}-{r.Cpus.Max}", $"{r.Memory.Min}-{r.Memory.Max}",
                        $"{r.Threads.Min}-{r.Threads.Max}", (p.Measured?.Runs ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Path.GetFileName(p.File ?? ""));
                }
                Console.Write(table);
            }
            foreach (var error in directory.Errors) Console.Error.WriteLine($"odop: {error.Message}");
            return directory.Errors.Count == 0 ? 0 : CliErrors.Usage;
        }));
        return command;
    }

    private static Command Show()
    {
        var name = new Argument<string>("task") { Description = "Profile name or task_id" };
        var folder = CommonOptions.Profiles();
        var command = new Command("show", "Print one profile as JSON") { name, folder };
        command.SetAction(parse => Guard(() =>
        {
            var directory = ProfileDirectory.Load(parse.GetValue(folder)!);
            if (!directory.TryGet(parse.GetValue(name)!, out var profile))
            {
                Console.Error.WriteLine($"odop: no profile '{parse.GetValue(name)}' in {directory.Folder} (known: {string.Join(", ", directory.Profiles.Select(p => p.Name))})");
                return CliErrors.Failure;
            }
            Console.WriteLine(profile.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }));
        return command;
    }

    private static Command Validate()
    {
        var paths = new Argument<string[]>("paths") { Description = "Profile files or folders (default: the profiles folder)", Arity = ArgumentArity.ZeroOrMore };
        var folder = CommonOptions.Profiles();
        var command = new Command("validate", "Check profiles; prints each problem with its file and field, exits 2 if any") { paths, folder };
        command.SetAction(parse => Guard(() =>
        {
            var targets = parse.GetValue(paths) is { Length: > 0 } given ? given : [parse.GetValue(folder)!];
            var valid = 0;
            var errors = new List<OdopValidationException>();
            foreach (var target in targets)
            {
                if (Directory.Exists(target))
                {
                    var directory = ProfileDirectory.Load(target);
                    valid += directory.Profiles.Count;
                    errors.AddRange(directory.Errors);
                    continue;
                }
                try
                {
                    TaskProfile.Load(target);
                    valid++;
                }
                catch (OdopValidationException e)
                {
                    errors.Add(e);
                }
            }
            foreach (var error in errors) Console.Error.WriteLine($"odop: {error.Message}");
            Console.WriteLine($"{valid} valid, {errors.Count} invalid");
            return errors.Count == 0 ? 0 : CliErrors.Usage;
        }));
        return command;
    }

    private static int Guard(Func<int> action) => CliErrors.Guard(() => Task.FromResult(action())).GetAwaiter().GetResult();
}
