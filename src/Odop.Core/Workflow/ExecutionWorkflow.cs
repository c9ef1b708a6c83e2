using System.Text.Json.Nodes;
using Odop.Core.Internal;

namespace Odop.Core.Workflow;

/// <summary>
/// What an execution waits for and how it recovers: the executions it runs <see cref="After"/> (with
/// <see cref="Mode"/>), its <see cref="Retries"/> policy (null: the profile's, if any) and its <see cref="Group"/>.
/// Stored with the execution as JSON: <c>{"after": [...], "after_mode": "afterok", "retries": {...}, "group": {...}}</c>.
/// </summary>
public sealed class ExecutionWorkflow
{
    public static readonly ExecutionWorkflow None = new([], DependencyMode.AfterOk, null, null);

    public ExecutionWorkflow(IReadOnlyList<ExecutionId> after, DependencyMode mode, RetryPolicy? retries, GroupSpec? group)
    {
        After = after;
        Mode = mode;
        Retries = retries;
        Group = group;
    }

    public IReadOnlyList<ExecutionId> After { get; }
    public DependencyMode Mode { get; }
    public RetryPolicy? Retries { get; }
    public GroupSpec? Group { get; }

    public bool IsEmpty => After.Count == 0 && Retries is null && Group is null;

    public ExecutionWorkflow WithGroup(GroupSpec? group) => new(After, Mode, Retries, group);

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (After.Count > 0)
        {
            json["after"] = new JsonArray([.. After.Select(a => (JsonNode?)JsonValue.Create(a.Value))]);
            json["after_mode"] = Mode.ToName();
        }
        if (Retries is not null) json["retries"] = Retries.ToJson();
        if (Group is not null) json["group"] = Group.ToJson();
        return json;
    }

    public static ExecutionWorkflow Parse(string json) => Read(JsonText.ParseObject(json, null), "");

    /// <summary>Reads after, after_mode, retries and group from <paramref name="o"/>; other keys are left to the caller.</summary>
    public static ExecutionWorkflow Read(JsonObject o, string path)
    {
        var after = new List<ExecutionId>();
        var ids = GroupSpec.Strings(o, path, "after");
        for (var i = 0; i < ids.Count; i++)
        {
            if (!ExecutionId.TryParse(ids[i], out var id))
                throw new OdopValidationException(null, $"{JsonFields.Join(path, "after")}[{i}]", $"'{ids[i]}' is not a UUID");
            after.Add(id);
        }
        var mode = WorkflowModeNames.ParseDependencyMode(JsonFields.OptionalString(o, path, "after_mode") ?? "afterok", JsonFields.Join(path, "after_mode"));
        var retries = JsonFields.OptionalObject(o, path, "retries") is { } r ? RetryPolicy.Read(r, JsonFields.Join(path, "retries")) : null;
        var group = JsonFields.OptionalObject(o, path, "group") is { } g ? GroupSpec.Read(g, JsonFields.Join(path, "group")) : null;
        return new ExecutionWorkflow(after, mode, retries, group);
    }
}
