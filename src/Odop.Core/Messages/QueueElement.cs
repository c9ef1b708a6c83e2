using System.Globalization;
using System.Text.Json.Nodes;
using Odop.Core.Internal;

namespace Odop.Core.Messages;

/// <summary>
/// What a simulation enqueues (DESIGN section 3):
/// <c>{"execution_id", "task_id", "execution_metadata": {"execution_option": {...}}}</c>, plus our
/// optional extra key <c>priority</c>. Enqueue is idempotent on <see cref="ExecutionId"/>.
/// </summary>
public sealed class QueueElement
{
    public QueueElement(ExecutionId executionId, string taskId, JsonObject? executionOption = null, int? priority = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ExecutionId = executionId;
        TaskId = taskId;
        ExecutionOption = executionOption is null ? [] : (JsonObject)executionOption.DeepClone();
        Priority = priority;
    }

    public ExecutionId ExecutionId { get; }

    /// <summary>A profile's task_id or metadata.name.</summary>
    public string TaskId { get; }

    /// <summary>The task's arguments, passed through to it untouched; owned by this element.</summary>
    public JsonObject ExecutionOption { get; }

    /// <summary>Overrides the profile's priority for this execution when set.</summary>
    public int? Priority { get; }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["execution_id"] = ExecutionId.Value,
            ["task_id"] = TaskId,
            ["execution_metadata"] = new JsonObject { ["execution_option"] = ExecutionOption.DeepClone() },
        };
        if (Priority is { } priority) json["priority"] = priority;
        return json;
    }

    public static QueueElement Parse(string json, string? file = null) => Parse(JsonText.ParseObject(json, file), file);

    public static QueueElement Parse(JsonNode? node, string? file = null)
    {
        try
        {
            if (node is not JsonObject o)
                throw new OdopValidationException(null, "", $"a queue element must be a JSON object, not {JsonFields.KindOf(node)}");
            var id = ExecutionId.Parse(JsonFields.RequiredString(o, "", "execution_id"));
            var taskId = JsonFields.RequiredString(o, "", "task_id");
            // execution_metadata may be left out by clients with nothing to pass.
            var metadata = JsonFields.OptionalObject(o, "", "execution_metadata");
            var option = metadata is null ? null : JsonFields.OptionalObject(metadata, "execution_metadata", "execution_option");
            return new QueueElement(id, taskId, option, JsonFields.OptionalInt(o, "", "priority"));
        }
        catch (OdopValidationException ex)
        {
            throw ex.InFile(file);
        }
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{ExecutionId} {TaskId}");
}
