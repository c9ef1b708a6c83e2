using System.Collections.Concurrent;
using System.Globalization;
using Odop.Protocol.V1;

namespace Odop.Protocol.Tests.Infrastructure;

/// <summary>
/// A small service on the real odop.v1 messages. The request says what to do (same rules as interop/server.py):
/// Enqueue's task_id picks the behaviour, Watch's execution_ids give a count and what happens after it.
/// </summary>
public sealed class TestService
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancellations = new();

    public int EnqueueCalls;

    /// <summary>What the "stubborn" handler waits for, ignoring its token: only the test ends it.</summary>
    public TaskCompletionSource StubbornRelease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool StubbornFinished { get; private set; }

    public static EnqueueRequest Request(string taskId, string executionId = "e1", string metadata = "", int? priority = null)
    {
        var element = new QueueElement { ExecutionId = executionId, TaskId = taskId, ExecutionMetadataJson = metadata };
        if (priority is { } p)
        {
            element.Priority = p;
        }

        return new EnqueueRequest { Element = element };
    }

    public static WatchRequest Stream(int count, string then = "end") =>
        new() { ExecutionIds = { count.ToString(CultureInfo.InvariantCulture), then } };

    /// <summary>Completes when the handler of the call with this execution id saw its token cancelled.</summary>
    public Task CancellationSeen(string executionId) => Slot(executionId).Task;

    public GrpcServer Register(GrpcServer server) => server
        .AddUnary(QueueMethods.Enqueue, EnqueueAsync)
        .AddServerStreaming(ExecutionsMethods.Watch, WatchAsync);

    private async Task<EnqueueReply> EnqueueAsync(EnqueueRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref EnqueueCalls);
        var element = request.Element;
        var reply = new EnqueueReply { ExecutionId = element.ExecutionId, Created = true, State = ExecutionState.Queued };
        switch (element.TaskId)
        {
            case "status":
                throw new RpcException((StatusCode)element.Priority, element.ExecutionMetadataJson);
            case "throw":
                throw new InvalidOperationException("secret detail");
            case "wait":
                await WaitForCancellationAsync(element.ExecutionId, context.CancellationToken);
                break;
            case "stubborn":
                await StubbornRelease.Task;
                StubbornFinished = true;
                break;
            case "header":
                reply.ExecutionId = context.RequestHeaders[element.ExecutionMetadataJson].ToString();
                break;
            case "size":
                reply.ExecutionId = new string('x', element.Priority);
                break;
            case "peer":
                reply.ExecutionId = context.PeerUid?.ToString(CultureInfo.InvariantCulture) ?? "none";
                break;
            case "deadline":
                reply.ExecutionId = context.Deadline is null ? "none" : "set";
                break;
        }

        return reply;
    }

    private async Task WatchAsync(WatchRequest request, IServerStreamWriter<ExecutionEvent> stream, ServerCallContext context)
    {
        var count = int.Parse(request.ExecutionIds[0], CultureInfo.InvariantCulture);
        var then = request.ExecutionIds.Count > 1 ? request.ExecutionIds[1] : "end";
        for (var i = 0; i < count; i++)
        {
            await stream.WriteAsync(new ExecutionEvent { Execution = new Execution { ExecutionId = i.ToString(CultureInfo.InvariantCulture) } });
        }

        switch (then)
        {
            case "fail":
                throw new RpcException(StatusCode.Aborted, $"failed after {count} messages");
            case "wait":
                await WaitForCancellationAsync("watch", context.CancellationToken);
                break;
        }
    }

    private async Task WaitForCancellationAsync(string key, CancellationToken token)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
        }
        catch (OperationCanceledException)
        {
            Slot(key).TrySetResult();
            throw;
        }
    }

    private TaskCompletionSource Slot(string key) =>
        _cancellations.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
