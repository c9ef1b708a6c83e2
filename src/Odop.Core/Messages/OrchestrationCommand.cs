using System.Text.Json.Nodes;
using Odop.Core.Internal;

namespace Odop.Core.Messages;

/// <summary>
/// What the agent sends an engine (DESIGN section 3). <see cref="OrchestrationVerb.Start"/> needs
/// task_id, task_specification (the engine knows no profiles; it runs what it is given) and a
/// placement; <see cref="OrchestrationVerb.SetAffinity"/> needs a placement; the others need only the id.
/// </summary>
public sealed class OrchestrationCommand
{
    private static readonly Dictionary<OrchestrationVerb, string> Names = new()
    {
        [OrchestrationVerb.Start] = "start",
        [OrchestrationVerb.Stop] = "stop",
        [OrchestrationVerb.Pause] = "pause",
        [OrchestrationVerb.Resume] = "resume",
        [OrchestrationVerb.SetAffinity] = "set_affinity",
    };

    public required ExecutionId ExecutionId { get; init; }
    public required OrchestrationVerb Command { get; init; }
    public string? TaskId { get; init; }

    /// <summary>execution_metadata.execution_option: the task's arguments.</summary>
    public JsonObject? ExecutionOption { get; init; }

    /// <summary>The task profile's JSON, for start.</summary>
    public JsonObject? TaskSpecification { get; init; }
    public Placement? Placement { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["execution_id"] = ExecutionId.Value, ["command"] = Names[Command] };
        if (TaskId is not null) json["task_id"] = TaskId;
        if (ExecutionOption is not null)
            json["execution_metadata"] = new JsonObject { ["execution_option"] = ExecutionOption.DeepClone() };
        if (TaskSpecification is not null) json["task_specification"] = TaskSpecification.DeepClone();
        if (Placement is not null) json["placement"] = Placement.ToJson();
        return json;
    }

    public static OrchestrationCommand Parse(string json, string? file = null) => Parse(JsonText.ParseObject(json, file), file);

    public static OrchestrationCommand Parse(JsonNode? node, string? file = null)
    {
        try
        {
            if (node is not JsonObject o)
                throw new OdopValidationException(null, "", $"a command must be a JSON object, not {JsonFields.KindOf(node)}");
            var metadata = JsonFields.OptionalObject(o, "", "execution_metadata");
            var placement = JsonFields.OptionalObject(o, "", "placement");
            var command = new OrchestrationCommand
            {
                ExecutionId = ExecutionId.Parse(JsonFields.RequiredString(o, "", "execution_id")),
                Command = VerbOf(JsonFields.RequiredString(o, "", "command")),
                TaskId = JsonFields.OptionalString(o, "", "task_id"),
                ExecutionOption = (JsonObject?)(metadata is null ? null : JsonFields.OptionalObject(metadata, "execution_metadata", "execution_option"))?.DeepClone(),
                TaskSpecification = (JsonObject?)JsonFields.OptionalObject(o, "", "task_specification")?.DeepClone(),
                Placement = placement is null ? null : Placement.Read(placement, "placement"),
            };
            command.CheckComplete();
            return command;
        }
        catch (OdopValidationException ex)
        {
            throw ex.InFile(file);
        }
    }

    private static OrchestrationVerb VerbOf(string name)
    {
        foreach (var (verb, text) in Names)
            if (text == name) return verb;
        throw new OdopValidationException(null, "command", $"'{name}' is not one of {string.Join(", ", Names.Values)}");
    }

    private void CheckComplete()
    {
        if (Command == OrchestrationVerb.Start)
        {
            if (TaskId is null) throw JsonFields.Missing("", "task_id");
            if (TaskSpecification is null) throw JsonFields.Missing("", "task_specification");
        }
        if (Command is OrchestrationVerb.Start or OrchestrationVerb.SetAffinity && Placement is null)
            throw JsonFields.Missing("", "placement");
    }
}
