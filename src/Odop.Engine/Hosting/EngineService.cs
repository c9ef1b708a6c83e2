using Microsoft.Extensions.Logging;
using Odop.Core.Hardware;
using Odop.Engine.Commands;
using Odop.Engine.Supervision;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Engine.Hosting;

/// <summary>odop.v1.Engine over the supervisor: messages in, supervisor calls, snapshots out.</summary>
internal sealed partial class EngineService(ExecutionSupervisor supervisor, ILogger logger)
{
    public void Register(GrpcServer server)
    {
        server.AddUnary(EngineMethods.Start, (r, _) => Call(() => Start(r)));
        server.AddUnary(EngineMethods.Stop, (r, _) => Call(() => supervisor.Stop(r.ExecutionId, r.GraceSeconds > 0 ? TimeSpan.FromSeconds(r.GraceSeconds) : null)));
        server.AddUnary(EngineMethods.Pause, (r, _) => Call(() => supervisor.Pause(r.ExecutionId)));
        server.AddUnary(EngineMethods.Resume, (r, _) => Call(() => supervisor.Resume(r.ExecutionId)));
        server.AddUnary(EngineMethods.SetAffinity, (r, _) => Call(() => supervisor.SetAffinity(r.ExecutionId, Cpus(r.Cpus, "cpus"))));
        server.AddUnary(EngineMethods.List, (_, _) =>
        {
            var reply = new EngineListReply();
            reply.Executions.AddRange(supervisor.List().Select(EngineMapping.ToProto));
            return Task.FromResult(reply);
        });
        server.AddServerStreaming(EngineMethods.Events, EventsAsync);
    }

    private ExecutionSnapshot Start(StartCommand command)
    {
        var cpus = command.Placement is { Cpus.Count: > 0 } placement ? Cpus(placement.Cpus, "placement.cpus") : null;
        var request = StartRequest.FromJson(command.ExecutionId, command.TaskId, command.ExecutionMetadataJson,
            command.TaskSpecificationJson, command.BaseDirectory, cpus);
        var snapshot = supervisor.Start(request);
        StartedLog(logger, command.ExecutionId, snapshot.Pid, snapshot.Cpus?.ToString() ?? "any", snapshot.State.ToString(), snapshot.Error ?? "");
        return snapshot;
    }

    private async Task EventsAsync(EngineEventsRequest request, IServerStreamWriter<EngineEvent> stream, ServerCallContext context)
    {
        using var subscription = supervisor.Subscribe(request.IncludeCurrent);
        await foreach (var e in subscription.Reader.ReadAllAsync(context.CancellationToken))
            await stream.WriteAsync(EngineMapping.ToProto(e), context.CancellationToken);
    }

    private static Task<EngineExecution> Call(Func<ExecutionSnapshot> action)
    {
        try
        {
            return Task.FromResult(EngineMapping.ToProto(action()));
        }
        catch (ExecutionNotFoundException e)
        {
            throw new RpcException(StatusCode.NotFound, $"no execution {e.ExecutionId} on this engine");
        }
        catch (ExecutionConflictException e)
        {
            throw new RpcException(StatusCode.FailedPrecondition, e.Message);
        }
        catch (TaskSpecificationException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, e.Message);
        }
    }

    private static CpuSet Cpus(IEnumerable<int> ids, string field)
    {
        try
        {
            return CpuSet.Of(ids);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"{field}: {e.Message}");
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Start {ExecutionId}: pid {Pid} on CPUs {Cpus}, {State} {Error}")]
    private static partial void StartedLog(ILogger logger, string executionId, int pid, string cpus, string state, string error);
}
