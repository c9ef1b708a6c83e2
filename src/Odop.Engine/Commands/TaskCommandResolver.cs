using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Node.Processes;

namespace Odop.Engine.Commands;

/// <summary>
/// Turns a task's execution_method and an execution's options into a <see cref="LaunchSpec"/>
/// (DESIGN.md section 3):
/// <list type="bullet">
/// <item>module "x.py" + function: the interpreter runs x.function(input_folder, **execution_option);</item>
/// <item>module "x.dll": `dotnet x.dll input_folder --key=value...`;</item>
/// <item>module that is an executable: `x input_folder --key=value...`;</item>
/// <item>command [argv]: run as is, with {input_folder}, {execution_id}, {task_id} and {option} substituted.</item>
/// </list>
/// The child's environment is the engine's (without MPI rank variables), then execution_method.environment,
/// then ODOP_EXECUTION_ID, ODOP_TASK_ID, ODOP_INPUT_FOLDER and ODOP_EXECUTION_OPTIONS, which a profile
/// cannot override: rank discovery relies on them to tell side tasks from simulation ranks.
/// </summary>
public sealed class TaskCommandResolver
{
    private const string Method = "execution_method";
    private readonly IReadOnlyDictionary<string, string> _engineEnvironment;

    /// <param name="engineEnvironment">The engine's environment; null reads the current process's.</param>
    public TaskCommandResolver(IReadOnlyDictionary<string, string>? engineEnvironment = null) =>
        _engineEnvironment = engineEnvironment ?? CurrentEnvironment();

    public static string StdoutPath(string logDirectory, string executionId) => Path.Combine(logDirectory, executionId + ".out");
    public static string StderrPath(string logDirectory, string executionId) => Path.Combine(logDirectory, executionId + ".err");

    /// <exception cref="TaskSpecificationException">The execution method is incomplete or names a missing file.</exception>
    public LaunchSpec Resolve(TaskLaunchInput input)
    {
        var method = input.ExecutionMethod;
        var baseDir = Path.GetFullPath(input.BaseDirectory);
        var inputFolder = OptionalString(method, "input_folder") is { } folder ? Path.GetFullPath(folder, baseDir) : baseDir;
        var workDir = OptionalString(method, "working_directory") is { } wd ? Path.GetFullPath(wd, baseDir) : baseDir;
        if (!Directory.Exists(workDir))
            throw new TaskSpecificationException($"{Method}.working_directory", $"directory '{workDir}' does not exist");

        var env = ChildEnvironment.FromEngine(_engineEnvironment);
        if (method["environment"] is { } extra)
        {
            if (extra is not JsonObject vars) throw new TaskSpecificationException($"{Method}.environment", "must be an object of strings");
            foreach (var (key, value) in vars) env[key] = OptionText.Of(value);
        }
        env["ODOP_EXECUTION_ID"] = input.ExecutionId;
        env["ODOP_TASK_ID"] = input.TaskId;
        env["ODOP_INPUT_FOLDER"] = inputFolder;
        env["ODOP_EXECUTION_OPTIONS"] = input.ExecutionOptions.ToJsonString();

        return new LaunchSpec
        {
            Argv = Argv(input, method, baseDir, inputFolder),
            WorkingDirectory = workDir,
            Environment = env,
            Cpus = input.Cpus,
            IdleScheduling = input.IdleScheduling,
            StdoutPath = StdoutPath(input.LogDirectory, input.ExecutionId),
            StderrPath = StderrPath(input.LogDirectory, input.ExecutionId),
        };
    }

    private List<string> Argv(TaskLaunchInput input, JsonObject method, string baseDir, string inputFolder)
    {
        var hasCommand = method.ContainsKey("command");
        var module = OptionalString(method, "module");
        if (hasCommand && module is not null)
            throw new TaskSpecificationException(Method, "has both 'module' and 'command'; give one");
        if (hasCommand) return Command(input, method, baseDir, inputFolder);
        if (module is null) throw new TaskSpecificationException($"{Method}.module", "neither 'module' nor 'command' is given");

        var path = Path.GetFullPath(module, baseDir);
        if (!File.Exists(path)) throw new TaskSpecificationException($"{Method}.module", $"file '{path}' does not exist");
        var interpreter = OptionalString(method, "interpreter");

        if (path.EndsWith(".py", StringComparison.OrdinalIgnoreCase))
        {
            var function = OptionalString(method, "function")
                ?? throw new TaskSpecificationException($"{Method}.function", $"is required to run the Python module '{path}'");
            var python = interpreter ?? _engineEnvironment.GetValueOrDefault("ODOP_PYTHON") ?? "python3";
            return [python, "-u", "-c", PythonBootstrap.Script, path, function, inputFolder, input.ExecutionOptions.ToJsonString()];
        }
        if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            return [interpreter ?? "dotnet", path, inputFolder, .. OptionText.AsFlags(input.ExecutionOptions)];
        if (!IsExecutable(path))
            throw new TaskSpecificationException($"{Method}.module", $"'{path}' is not a .py or .dll file and is not executable");
        return interpreter is null
            ? [path, inputFolder, .. OptionText.AsFlags(input.ExecutionOptions)]
            : [interpreter, path, inputFolder, .. OptionText.AsFlags(input.ExecutionOptions)];
    }

    private static List<string> Command(TaskLaunchInput input, JsonObject method, string baseDir, string inputFolder)
    {
        const string field = Method + ".command";
        if (method["command"] is not JsonArray array || array.Count == 0)
            throw new TaskSpecificationException(field, "must be a non-empty array of strings");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in input.ExecutionOptions) values[key] = OptionText.Of(value);
        values["input_folder"] = inputFolder;
        values["execution_id"] = input.ExecutionId;
        values["task_id"] = input.TaskId;

        var argv = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                throw new TaskSpecificationException(field, $"item {argv.Count} is not a string");
            argv.Add(OptionText.Substitute(v.GetValue<string>(), values));
        }
        // "./run.sh" is relative to the profile's folder; a bare name is searched on PATH.
        if (argv[0].Contains('/') && !Path.IsPathRooted(argv[0])) argv[0] = Path.GetFullPath(argv[0], baseDir);
        return argv;
    }

    private static string? OptionalString(JsonObject method, string name)
    {
        if (!method.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var text = v.GetValue<string>();
            return text.Length == 0 ? null : text;
        }
        throw new TaskSpecificationException($"{Method}.{name}", "must be a string");
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() ||
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static Dictionary<string, string> CurrentEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
}
