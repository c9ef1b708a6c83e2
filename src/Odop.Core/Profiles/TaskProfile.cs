using System.Text.Json.Nodes;
using Odop.Core.Internal;

namespace Odop.Core.Profiles;

/// <summary>
/// One task's profile (DESIGN section 3): who it is, how to run it and what it needs. The JSON it
/// came from is kept whole, so rewriting the profile keeps every key we do not own.
/// </summary>
public sealed class TaskProfile
{
    private readonly JsonObject _json;

    private TaskProfile(JsonObject json, string? file)
    {
        _json = json;
        File = file;
        // Required: task_id and metadata.name are how executions find their profile;
        // execution_method and execution_requirement are what the engine and scheduler act on.
        TaskId = JsonFields.RequiredString(json, "", "task_id");
        var metadata = JsonFields.RequiredObject(json, "", "metadata");
        Name = JsonFields.RequiredString(metadata, "metadata", "name");
        Description = JsonFields.OptionalString(metadata, "metadata", "description", allowEmpty: true);
        Method = ExecutionMethod.Read(JsonFields.RequiredObject(json, "", "execution_method"), "execution_method");
        Requirement = ExecutionRequirement.Read(JsonFields.RequiredObject(json, "", "execution_requirement"), "execution_requirement");
        Priority = JsonFields.OptionalInt(json, "", "priority") ?? 0;
        Class = JsonFields.OptionalString(json, "", "class") is { } cls ? ExecutionClassNames.Parse(cls) : ExecutionClass.Normal;
        OnTimeout = OnTimeoutCommand.Read(json);
        Retries = JsonFields.OptionalObject(json, "", "retries") is { } retries ? Workflow.RetryPolicy.Read(retries, "retries") : null;
        var measured = JsonFields.OptionalObject(json, "", MeasuredStats.Key);
        Measured = measured is null ? null : MeasuredStats.Read(measured, MeasuredStats.Key);
    }

    /// <summary>A UUID or a plain name; either way it is what queue elements refer to.</summary>
    public string TaskId { get; }
    public string Name { get; }
    public string? Description { get; }
    public ExecutionMethod Method { get; }
    public ExecutionRequirement Requirement { get; }

    /// <summary>Our extra key <c>priority</c>: higher runs first; 0 when absent.</summary>
    public int Priority { get; }

    /// <summary>Our extra key <c>class</c>: exclusive, normal (when absent) or background.</summary>
    public ExecutionClass Class { get; }

    /// <summary>Our extra key <c>on_timeout</c>: what to run after an execution timed out; null when absent.</summary>
    public OnTimeoutCommand? OnTimeout { get; }
    /// <summary>Our extra key <c>retries</c>: how failed executions of this task are retried, unless the queue element says otherwise.</summary>
    public Workflow.RetryPolicy? Retries { get; }

    /// <summary>Our extra key <c>measured</c>: usage of past runs; null before the first.</summary>
    public MeasuredStats? Measured { get; }

    /// <summary>The file this profile was loaded from, if any.</summary>
    public string? File { get; }

    /// <summary>A copy of the profile's JSON, including keys Odop does not know.</summary>
    public JsonObject ToJson() => (JsonObject)_json.DeepClone();

    public static TaskProfile Parse(string json, string? file = null) => Parse(JsonText.ParseObject(json, file), file);

    public static TaskProfile Parse(JsonNode? node, string? file = null)
    {
        if (node is not JsonObject o)
            throw new OdopValidationException(file, "", $"a profile must be a JSON object, not {JsonFields.KindOf(node)}");
        try
        {
            return new TaskProfile((JsonObject)o.DeepClone(), file);
        }
        catch (OdopValidationException ex)
        {
            throw ex.InFile(file);
        }
    }

    /// <summary>Reads and validates a profile file; every failure, reading included, names the file.</summary>
    public static TaskProfile Load(string path) => Parse(ReadFile(path), path);

    /// <summary>
    /// This profile with <paramref name="update"/>'s requirements (and measured stats, if it has them)
    /// written in; unknown keys are kept. Fails if the result is not a valid profile, e.g. min above max.
    /// </summary>
    public TaskProfile WithUpdate(ProfileUpdate update)
    {
        if (!string.Equals(update.TaskId, TaskId, StringComparison.OrdinalIgnoreCase))
            throw new OdopValidationException(File, "task_id", $"the update is for '{update.TaskId}' but this profile is '{TaskId}'");
        var json = ToJson();
        update.WriteInto(json);
        return Parse(json, File);
    }

    internal static string ReadFile(string path)
    {
        try
        {
            return System.IO.File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OdopValidationException(path, "", "cannot be read: " + ex.Message, ex);
        }
    }
}
