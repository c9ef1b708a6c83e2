using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Cli.Output;
using Odop.Client;
using Odop.Core.Profiles;

namespace Odop.Cli.Commands;

/// <summary>`odop enqueue TASK --option k=v`: what a shell script or a simulation without a client library calls.</summary>
internal static class EnqueueCommand
{
    public static Command Create()
    {
        var task = new Argument<string>("task") { Description = "The task's profile name or task_id" };
        var options = new Option<string[]>("--option", "-o")
        {
            Description = "An execution option as key=value (repeatable); the value is read as JSON when it parses, else as text",
            AllowMultipleArgumentsPerToken = false,
        };
        var optionsJson = new Option<string?>("--options-json") { Description = "All execution options as one JSON object" };
        var executionId = new Option<string?>("--execution-id") { Description = "A UUID; enqueue is idempotent on it (default: a new one)" };
        var priority = new Option<int?>("--priority") { Description = "Higher runs first (default: the profile's priority)" };
        var executionClass = new Option<string?>("--class")
        {
            Description = "exclusive (no other side task beside it), normal or background (default: the profile's class)",
        };
        executionClass.AcceptOnlyFromAmong(ExecutionClassNames.All.Split(", "));
        var agent = CommonOptions.Agent();
        var json = CommonOptions.Json();
        var command = new Command("enqueue", "Queue one execution of a task") { task, options, optionsJson, executionId, priority, executionClass, agent, json };
        command.SetAction((parse, ct) => CliErrors.Guard(async () =>
        {
            var option = BuildOptions(parse.GetValue(optionsJson), parse.GetValue(options) ?? []);
            using var client = CliClient.Connect(parse, agent);
            var reply = await client.EnqueueAsync(parse.GetValue(task)!, option, parse.GetValue(executionId), parse.GetValue(priority),
                parse.GetValue(executionClass), ct);
            Console.WriteLine(parse.GetValue(json)
                ? ExecutionFormat.ToJson(reply)
                : $"{reply.ExecutionId} {(reply.Created ? "queued" : "already known, " + ExecutionFormat.State(reply.State))}");
            return 0;
        }));
        return command;
    }

    internal static JsonObject BuildOptions(string? json, IEnumerable<string> pairs)
    {
        JsonObject result;
        try
        {
            result = json is null ? new JsonObject() : JsonNode.Parse(json) as JsonObject
                ?? throw new ArgumentException("--options-json: must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"--options-json: not valid JSON: {e.Message}");
        }
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--option: '{pair}' is not key=value");
            result[pair[..eq]] = ParseValue(pair[(eq + 1)..]);
        }
        return result;
    }

    private static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
