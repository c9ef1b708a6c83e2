using System.Text.Json;
using System.Text.Json.Nodes;
using Odop.Agent.Loop;
using Odop.Agent.Profiles;
using Odop.Core;
using Odop.Core.Profiles;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Services;

/// <summary>
/// odop.v1.Queue. Every element is validated here, before it reaches the loop, so a bad element is
/// refused with INVALID_ARGUMENT or NOT_FOUND and nothing already queued is touched.
/// </summary>
internal sealed class QueueService(AgentLoop loop, ProfileCatalog profiles, Odop.Agent.Access.EnqueueAdmission admission)
{
    public const int MaxBatch = 100_000;

    public void Register(GrpcServer server)
    {
        server.AddUnary(QueueMethods.Enqueue, EnqueueAsync);
        server.AddUnary(QueueMethods.EnqueueBatch, EnqueueBatchAsync);
    }

    private async Task<EnqueueReply> EnqueueAsync(EnqueueRequest request, ServerCallContext context)
    {
        if (request.Element is null) throw new RpcException(StatusCode.InvalidArgument, "element: missing");
        var reply = await SubmitAsync([Validate(request.Element, "element")], context);
        return reply.Results[0];
    }

    private Task<EnqueueBatchReply> EnqueueBatchAsync(EnqueueBatchRequest request, ServerCallContext context)
    {
        if (request.Elements.Count == 0) throw new RpcException(StatusCode.InvalidArgument, "elements: the batch is empty");
        if (request.Elements.Count > MaxBatch) throw new RpcException(StatusCode.InvalidArgument, $"elements: at most {MaxBatch} per batch");
        var validated = new ValidatedElement[request.Elements.Count];
        for (var i = 0; i < validated.Length; i++) validated[i] = Validate(request.Elements[i], $"elements[{i}]");
        return SubmitAsync(validated, context);
    }

    private async Task<EnqueueBatchReply> SubmitAsync(IReadOnlyList<ValidatedElement> elements, ServerCallContext context)
    {
        // Limits and owners first: a refused enqueue never reaches the loop.
        var admitted = await admission.AdmitAsync(Odop.Agent.Access.Caller.Of(context), [.. elements.Select(e => (e.ExecutionId, e.Profile))], context.CancellationToken);
        try
        {
            var reply = new TaskCompletionSource<EnqueueBatchReply>(TaskCreationOptions.RunContinuationsAsynchronously);
            await loop.Writer.WriteAsync(new EnqueueRequested(elements, reply), context.CancellationToken);
            return await reply.Task;
        }
        catch
        {
            admission.Owners.Withdraw(admitted);
            throw;
        }
    }

    private ValidatedElement Validate(QueueElement element, string field)
    {
        if (!ExecutionId.TryParse(element.ExecutionId, out var executionId))
            throw new RpcException(StatusCode.InvalidArgument, $"{field}.execution_id: '{Shorten(element.ExecutionId)}' is not a UUID");
        if (string.IsNullOrWhiteSpace(element.TaskId))
            throw new RpcException(StatusCode.InvalidArgument, $"{field}.task_id: missing");

        var profile = profiles.Find(element.TaskId) ?? throw new RpcException(StatusCode.NotFound,
            profiles.BrokenProfileHint(element.TaskId) is { } broken
                ? $"{field}.task_id: the profile '{Shorten(element.TaskId)}' is invalid: {broken}"
                : $"{field}.task_id: no profile '{Shorten(element.TaskId)}' in {profiles.Directory} (known: {string.Join(", ", profiles.KnownNames())})");

        var validated = new ValidatedElement(executionId, profile, ParseMetadata(element.ExecutionMetadataJson, field),
            element.HasPriority ? element.Priority : profile.Priority) { Workflow = WorkflowMapping.FromProto(element, field) };
        if (!element.HasExecutionClass) return validated;
        if (!ExecutionClassNames.TryParse(element.ExecutionClass, out var cls))
            throw new RpcException(StatusCode.InvalidArgument,
                $"{field}.execution_class: must be one of {ExecutionClassNames.All}, not '{Shorten(element.ExecutionClass)}'");
        return validated with { Class = cls };
    }

    private static JsonObject ParseMetadata(string json, string field)
    {
        if (string.IsNullOrWhiteSpace(json)) return new JsonObject { ["execution_option"] = new JsonObject() };
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"{field}.execution_metadata_json: not valid JSON: {e.Message}");
        }
        if (node is not JsonObject metadata)
            throw new RpcException(StatusCode.InvalidArgument, $"{field}.execution_metadata_json: must be a JSON object");
        if (metadata["execution_option"] is null) metadata["execution_option"] = new JsonObject();
        else if (metadata["execution_option"] is not JsonObject)
            throw new RpcException(StatusCode.InvalidArgument, $"{field}.execution_metadata_json: execution_option must be a JSON object");
        return metadata;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
