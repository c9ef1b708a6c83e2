using System.Globalization;
using System.Text.Json.Nodes;
using Odop.Core.Internal;
using Odop.Core.Quantities;

namespace Odop.Core.Profiles;

/// <summary>
/// DESIGN's profile update: <c>{"task_id", "command": "update", "execution_requirement": {...}}</c>.
/// Only the values that are set change; <see cref="Measured"/> travels in our extra key <c>measured</c>.
/// </summary>
public sealed record ProfileUpdate
{
    private const string Command = "update";

    public required string TaskId { get; init; }
    public DurationQuantity? Time { get; init; }
    public CpuQuantity? CpusMin { get; init; }
    public CpuQuantity? CpusMax { get; init; }
    public MemoryQuantity? MemoryMin { get; init; }
    public MemoryQuantity? MemoryMax { get; init; }
    public int? ThreadsMin { get; init; }
    public int? ThreadsMax { get; init; }
    public MeasuredStats? Measured { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["task_id"] = TaskId, ["command"] = Command, ["execution_requirement"] = new JsonObject() };
        WriteInto(json);
        return json;
    }

    public static ProfileUpdate Parse(string json, string? file = null) => Parse(JsonText.ParseObject(json, file), file);

    public static ProfileUpdate Parse(JsonNode? node, string? file = null)
    {
        try
        {
            if (node is not JsonObject o)
                throw new OdopValidationException(null, "", $"a profile update must be a JSON object, not {JsonFields.KindOf(node)}");
            var command = JsonFields.RequiredString(o, "", "command");
            if (command != Command) throw new OdopValidationException(null, "command", $"'{command}' is not 'update'");
            const string req = "execution_requirement";
            var r = JsonFields.RequiredObject(o, "", req);
            var cpus = JsonFields.OptionalObject(r, req, "cpus") ?? [];
            var memory = JsonFields.OptionalObject(r, req, "memory") ?? [];
            var threads = JsonFields.OptionalObject(r, req, "threads") ?? [];
            var measured = JsonFields.OptionalObject(o, "", MeasuredStats.Key);
            return new ProfileUpdate
            {
                TaskId = JsonFields.RequiredString(o, "", "task_id"),
                Time = QuantityFields.Duration(r, req, "time"),
                CpusMin = QuantityFields.Cpu(cpus, req + ".cpus", "min"),
                CpusMax = QuantityFields.Cpu(cpus, req + ".cpus", "max"),
                MemoryMin = QuantityFields.Memory(memory, req + ".memory", "min"),
                MemoryMax = QuantityFields.Memory(memory, req + ".memory", "max"),
                ThreadsMin = QuantityFields.Threads(threads, req + ".threads", "min"),
                ThreadsMax = QuantityFields.Threads(threads, req + ".threads", "max"),
                Measured = measured is null ? null : MeasuredStats.Read(measured, MeasuredStats.Key),
            };
        }
        catch (OdopValidationException ex)
        {
            throw ex.InFile(file);
        }
    }

    /// <summary>Sets this update's values in a profile (or update) document, leaving every other key as it was.</summary>
    internal void WriteInto(JsonObject document)
    {
        var requirement = ChildObject(document, "execution_requirement");
        if (Time is { } time) requirement["time"] = time.ToString();
        SetRange(requirement, "cpus", CpusMin?.ToString(), CpusMax?.ToString());
        SetRange(requirement, "memory", MemoryMin?.ToString(), MemoryMax?.ToString());
        SetRange(requirement, "threads", ThreadsMin?.ToString(CultureInfo.InvariantCulture), ThreadsMax?.ToString(CultureInfo.InvariantCulture));
        if (Measured is not null) document[MeasuredStats.Key] = Measured.ToJson();
    }

    private static void SetRange(JsonObject requirement, string key, string? min, string? max)
    {
        if (min is null && max is null) return;
        var range = ChildObject(requirement, key);
        // Keys new to the file go in DESIGN's order, max then min; existing keys keep their place.
        if (max is not null) range["max"] = max;
        if (min is not null) range["min"] = min;
    }

    private static JsonObject ChildObject(JsonObject parent, string key)
    {
        if (parent[key] is JsonObject existing) return existing;
        var created = new JsonObject();
        parent[key] = created;
        return created;
    }
}
