using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Client;

/// <summary>
/// What simulations and tools call: enqueue results for side tasks, and inspect or steer executions.
/// Thread-safe; one instance per process is enough (calls share one HTTP/2 connection).
/// </summary>
public sealed class OdopClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly TimeSpan _timeout;
    private readonly IReadOnlyDictionary<string, string>? _headers;

    /// <param name="token">Sent as <c>authorization: Bearer</c> on every call; null sends none (the agent's own user on its socket needs none).</param>
    public OdopClient(GrpcChannel channel, TimeSpan? timeout = null, string? token = null)
    {
        _channel = channel;
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
        _headers = token is null ? null : new Dictionary<string, string> { ["authorization"] = "Bearer " + token };
    }

    /// <summary>
    /// Connects to <paramref name="endpoint"/> (else $ODOP_ENDPOINT, $ODOP_AGENT, the saved config, the default socket)
    /// with <paramref name="token"/> (else $ODOP_TOKEN, the saved config, none).
    /// </summary>
    public static OdopClient Connect(string? endpoint = null, TimeSpan? timeout = null, GrpcChannelOptions? options = null, string? token = null) =>
        new(AgentEndpoint.Open(AgentEndpoint.Resolve(endpoint), options), timeout, AgentEndpoint.ResolveToken(token));

    public string Target => _channel.Target;

    /// <summary>Enqueues one execution; idempotent on the execution id (a new UUID when none is given).</summary>
    public async Task<EnqueueReply> EnqueueAsync(string taskId, JsonObject? executionOption = null, string? executionId = null,
        int? priority = null, string? executionClass = null, CancellationToken cancellationToken = default)
    {
        var element = NewElement(taskId, executionOption, executionId, priority, executionClass);
        return await _channel.UnaryAsync(QueueMethods.Enqueue, new EnqueueRequest { Element = element }, Options(cancellationToken));
    }

    /// <summary>Enqueues all or none.</summary>
    public async Task<EnqueueBatchReply> EnqueueBatchAsync(IEnumerable<QueueElement> elements, CancellationToken cancellationToken = default)
    {
        var request = new EnqueueBatchRequest();
        request.Elements.AddRange(elements);
        return await _channel.UnaryAsync(QueueMethods.EnqueueBatch, request, Options(cancellationToken));
    }

    /// <param name="executionClass">"exclusive", "normal" or "background"; null keeps the profile's class.</param>
    public static QueueElement NewElement(string taskId, JsonObject? executionOption = null, string? executionId = null, int? priority = null,
        string? executionClass = null)
    {
        var metadata = new JsonObject { ["execution_option"] = executionOption?.DeepClone() ?? new JsonObject() };
        var element = new QueueElement
        {
            ExecutionId = executionId ?? Guid.NewGuid().ToString(),
            TaskId = taskId,
            ExecutionMetadataJson = metadata.ToJsonString(),
        };
        if (priority is { } p) element.Priority = p;
        if (executionClass is not null) element.ExecutionClass = executionClass;
        return element;
    }

    public async Task<IReadOnlyList<Execution>> ListAsync(IEnumerable<ExecutionState>? states = null, string? taskId = null,
        CancellationToken cancellationToken = default)
    {
        var request = new ListExecutionsRequest { TaskId = taskId ?? "" };
        if (states is not null) request.States.AddRange(states);
        var reply = await _channel.UnaryAsync(ExecutionsMethods.List, request, Options(cancellationToken));
        return reply.Executions;
    }

    /// <summary>Lists with every filter the agent offers (states, task, since, all).</summary>
    public async Task<IReadOnlyList<Execution>> ListAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        var reply = await _channel.UnaryAsync(ExecutionsMethods.List, request, Options(cancellationToken));
        return reply.Executions;
    }

    /// <summary>Every transition and note of one execution, oldest first.</summary>
    public Task<ExecutionHistory> HistoryAsync(string executionId, CancellationToken cancellationToken = default) =>
        _channel.UnaryAsync(ExecutionsMethods.History, new ExecutionRef { ExecutionId = executionId }, Options(cancellationToken));

    /// <summary>The agent's counts, what runs where, and the queue's drain estimate.</summary>
    public Task<InfoReply> InfoAsync(CancellationToken cancellationToken = default) =>
        _channel.UnaryAsync(AgentMethods.Info, new InfoRequest(), Options(cancellationToken));

    public Task<Execution> GetAsync(string executionId, CancellationToken cancellationToken = default) =>
        Call(ExecutionsMethods.Get, executionId, cancellationToken);

    public Task<Execution> StartAsync(string executionId, CancellationToken cancellationToken = default) =>
        Call(ExecutionsMethods.Start, executionId, cancellationToken);

    public Task<Execution> StopAsync(string executionId, CancellationToken cancellationToken = default) =>
        Call(ExecutionsMethods.Stop, executionId, cancellationToken);

    public Task<Execution> SkipAsync(string executionId, CancellationToken cancellationToken = default) =>
        Call(ExecutionsMethods.Skip, executionId, cancellationToken);

    public Task<Execution> PauseAsync(string executionId, CancellationToken cancellationToken = default) =>
        Call(ExecutionsMethods.Pause, executionId, cancellationToken);

    public Task<Execution> ResumeAsync(string executionId, CancellationToken cancellationToken = default) =>
        Call(ExecutionsMethods.Resume, executionId, cancellationToken);

    /// <summary>Gives a queued execution a new priority (higher runs first); durable when it returns.</summary>
    public async Task<Execution> SetPriorityAsync(string executionId, int priority, CancellationToken cancellationToken = default) =>
        await _channel.UnaryAsync(ExecutionsMethods.SetPriority, new SetPriorityRequest { ExecutionId = executionId, Priority = priority },
            Options(cancellationToken));

    /// <summary>Where every group of executions stands.</summary>
    public async Task<IReadOnlyList<Group>> ListGroupsAsync(CancellationToken cancellationToken = default) =>
        (await _channel.UnaryAsync(GroupsMethods.List, new ListGroupsRequest(), Options(cancellationToken))).Groups;

    /// <summary>Where one group stands; NOT_FOUND when no execution belongs to it.</summary>
    public Task<Group> GetGroupAsync(string name, CancellationToken cancellationToken = default) =>
        _channel.UnaryAsync(GroupsMethods.Get, new GroupRef { Name = name }, Options(cancellationToken));

    /// <summary>Streams transitions until cancelled (no deadline: a watch is meant to last).</summary>
    public async IAsyncEnumerable<ExecutionEvent> WatchAsync(IEnumerable<string>? executionIds = null, bool includeCurrent = true,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new WatchRequest { IncludeCurrent = includeCurrent };
        if (executionIds is not null) request.ExecutionIds.AddRange(executionIds);
        await foreach (var e in _channel.ServerStreamingAsync(ExecutionsMethods.Watch, request, new CallOptions(CancellationToken: cancellationToken, Headers: _headers)))
            yield return e;
    }

    private Task<Execution> Call(Method<ExecutionRef, Execution> method, string executionId, CancellationToken cancellationToken) =>
        _channel.UnaryAsync(method, new ExecutionRef { ExecutionId = executionId }, Options(cancellationToken));

    private CallOptions Options(CancellationToken cancellationToken) => CallOptions.WithTimeout(_timeout, cancellationToken) with { Headers = _headers };

    public void Dispose() => _channel.Dispose();
}
