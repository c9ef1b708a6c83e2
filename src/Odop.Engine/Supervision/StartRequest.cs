using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Core.Hardware;
using Odop.Engine.Commands;

namespace Odop.Engine.Supervision;

/// <summary>The orchestration "start" command (DESIGN.md section 3), decoded.</summary>
public sealed record StartRequest
{
    public required string ExecutionId { get; init; }
    public required string TaskId { get; init; }
    public required JsonObject ExecutionMethod { get; init; }
    public JsonObject ExecutionOptions { get; init; } = [];

    /// <summary>Relative paths in the execution method resolve against this (the profile's folder).</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>placement.cpus; null leaves the task on the engine's CPUs.</summary>
    public CpuSet? Cpus { get; init; }

    /// <summary>
    /// Builds a request from the wire form: {"execution_option": {...}} and the task profile JSON (its
    /// execution_method). Empty metadata means no options.
    /// </summary>
    /// <exception cref="TaskSpecificationException">Malformed JSON or no execution_method object.</exception>
    public static StartRequest FromJson(string executionId, string taskId, string? executionMetadataJson,
        string taskSpecificationJson, string baseDirectory, CpuSet? cpus)
    {
        var metadata = ParseObject(executionMetadataJson, "execution_metadata");
        var options = metadata?["execution_option"] switch
        {
            null => [],
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw new TaskSpecificationException("execution_metadata.execution_option", "must be an object"),
        };
        var spec = ParseObject(taskSpecificationJson, "task_specification")
            ?? throw new TaskSpecificationException("task_specification", "is empty");
        if (spec["execution_method"] is not JsonObject method)
            throw new TaskSpecificationException("execution_method", "is missing or not an object");
        return new StartRequest
        {
            ExecutionId = executionId,
            TaskId = taskId,
            ExecutionMethod = (JsonObject)method.DeepClone(),
            ExecutionOptions = options,
            BaseDirectory = baseDirectory,
            Cpus = cpus,
        };
    }

    private static JsonObject? ParseObject(string? json, string field)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? throw new TaskSpecificationException(field, "must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new TaskSpecificationException(field, $"is not valid JSON: {e.Message}");
        }
    }
}
