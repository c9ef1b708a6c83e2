using System.Text.Json.Nodes;
using Odop.Core.Internal;

namespace Odop.Core.Workflow;

/// <summary>One execution of a batch file's group: a queue element plus its own dependencies and retries.</summary>
public sealed record BatchExecution(ExecutionId? ExecutionId, string TaskId, JsonObject ExecutionOption, int? Priority, ExecutionWorkflow Workflow);

/// <summary>One group of a batch file: its spec and its executions, in the order they are enqueued.</summary>
public sealed record BatchGroup(GroupSpec Spec, IReadOnlyList<BatchExecution> Executions);

/// <summary>
/// The file `odop batch` reads (JSON; README "Batch files"):
/// <code>
/// {"groups": [{"name": "prepare", "strategy": "sequential", "failure_mode": "failfast", "after": [],
///              "executions": [{"task_id": "reduce", "execution_option": {...}, "retries": {"max": 2}}]}]}
/// </code>
/// Every error names the file and the field, e.g. <c>batch.json: groups[1].failure_mode: 'foo' is not one of ...</c>.
/// </summary>
public sealed class BatchFile
{
    private BatchFile(IReadOnlyList<BatchGroup> groups) => Groups = groups;

    public IReadOnlyList<BatchGroup> Groups { get; }

    public static BatchFile Load(string path) => Parse(TaskProfileText(path), path);

    public static BatchFile Parse(string json, string? file = null)
    {
        try
        {
            var root = JsonText.ParseObject(json, file);
            var array = JsonFields.OptionalArray(root, "", "groups") ?? throw JsonFields.Missing("", "groups");
            if (array.Count == 0) throw new OdopValidationException(null, "groups", "must name at least one group");
            var groups = new List<BatchGroup>();
            for (var i = 0; i < array.Count; i++)
            {
                var path = $"groups[{i}]";
                if (array[i] is not JsonObject o) throw new OdopValidationException(null, path, $"must be a JSON object, not {JsonFields.KindOf(array[i])}");
                var spec = GroupSpec.Read(o, path);
                if (groups.Any(g => g.Spec.Name == spec.Name))
                    throw new OdopValidationException(null, JsonFields.Join(path, "name"), $"'{spec.Name}' names an earlier group too");
                for (var a = 0; a < spec.After.Count; a++)
                    if (groups.All(g => g.Spec.Name != spec.After[a]))
                        throw new OdopValidationException(null, $"{JsonFields.Join(path, "after")}[{a}]",
                            $"'{spec.After[a]}' is not a group before this one in the file");
                groups.Add(new BatchGroup(spec, Executions(o, path)));
            }
            return new BatchFile(groups);
        }
        catch (OdopValidationException e)
        {
            throw e.InFile(file);
        }
    }

    private static List<BatchExecution> Executions(JsonObject group, string path)
    {
        var array = JsonFields.OptionalArray(group, path, "executions") ?? throw JsonFields.Missing(path, "executions");
        if (array.Count == 0) throw new OdopValidationException(null, JsonFields.Join(path, "executions"), "must hold at least one execution");
        var executions = new List<BatchExecution>();
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"{JsonFields.Join(path, "executions")}[{i}]";
            if (array[i] is not JsonObject o) throw new OdopValidationException(null, at, $"must be a JSON object, not {JsonFields.KindOf(array[i])}");
            var id = JsonFields.OptionalString(o, at, "execution_id") is { } text ? ExecutionId.Parse(text, JsonFields.Join(at, "execution_id")) : (ExecutionId?)null;
            var option = JsonFields.OptionalObject(o, at, "execution_option") ?? [];
            var workflow = ExecutionWorkflow.Read(o, at);
            if (workflow.Group is not null) throw new OdopValidationException(null, JsonFields.Join(at, "group"), "is given by the enclosing group");
            executions.Add(new BatchExecution(id, JsonFields.RequiredString(o, at, "task_id"), (JsonObject)option.DeepClone(),
                JsonFields.OptionalInt(o, at, "priority"), workflow));
        }
        return executions;
    }

    private static string TaskProfileText(string path) => Profiles.TaskProfile.ReadFile(path);
}
