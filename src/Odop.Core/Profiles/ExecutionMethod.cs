using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Core.Internal;

namespace Odop.Core.Profiles;

/// <summary>
/// How to run a task: either ODOP's <see cref="Module"/> (a Python file run as
/// <c>module.function(input_folder, **execution_option)</c>, an executable or a .NET assembly),
/// or a plain <see cref="Command"/> argv. Exactly one of the two is set.
/// </summary>
public sealed record ExecutionMethod
{
    public string? Module { get; init; }
    public string? Function { get; init; }
    public string? InputFolder { get; init; }
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Program that runs <see cref="Module"/>, e.g. "python3"; null lets the engine choose by file type.</summary>
    public string? Interpreter { get; init; }
    public string? WorkingDirectory { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    internal static ExecutionMethod Read(JsonObject o, string path)
    {
        var module = JsonFields.OptionalString(o, path, "module");
        var command = ReadCommand(o, path);
        if (module is null && command is null)
            throw new OdopValidationException(null, path, "needs either 'module' or 'command'");
        if (module is not null && command is not null)
            throw new OdopValidationException(null, path, "has both 'module' and 'command'; give one");
        return new ExecutionMethod
        {
            Module = module,
            Function = JsonFields.OptionalString(o, path, "function"),
            InputFolder = JsonFields.OptionalString(o, path, "input_folder"),
            Command = command,
            Interpreter = JsonFields.OptionalString(o, path, "interpreter"),
            WorkingDirectory = JsonFields.OptionalString(o, path, "working_directory"),
            Environment = ReadEnvironment(o, path),
        };
    }

    private static List<string>? ReadCommand(JsonObject o, string path)
    {
        var array = JsonFields.OptionalArray(o, path, "command");
        if (array is null) return null;
        return JsonFields.Argv(array, JsonFields.Join(path, "command"));
    }

    private static Dictionary<string, string> ReadEnvironment(JsonObject o, string path)
    {
        var env = JsonFields.OptionalObject(o, path, "environment");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (env is null) return result;
        var envPath = JsonFields.Join(path, "environment");
        foreach (var (name, value) in env)
        {
            if (value?.GetValueKind() != JsonValueKind.String)
                throw JsonFields.WrongKind(envPath, name, "a string", value);
            result[name] = value.GetValue<string>();
        }
        return result;
    }
}
