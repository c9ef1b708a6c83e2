using Odop.Agent.Cluster;
using Odop.Agent.Monitoring;
using Odop.Protocol;
using Odop.Protocol.V1;

namespace Odop.Agent.Services;

/// <summary>odop.v1.Monitor: the latest snapshot, a stream of them, and every node this agent knows.</summary>
internal sealed class MonitorService(NodeMonitor monitor, INodeDirectory nodes, TimeSpan samplingPeriod)
{
    public void Register(GrpcServer server)
    {
        server.AddUnary(MonitorMethods.Snapshot, (_, _) => Task.FromResult(Latest()));
        server.AddServerStreaming(MonitorMethods.Stream, StreamAsync);
        server.AddUnary(MonitorMethods.Status, (_, _) => Task.FromResult(Status()));
    }

    private SnapshotReply Latest() => monitor.Latest is { } snapshot
        ? new SnapshotReply { SnapshotJson = snapshot.ToJson() }
        : throw new RpcException(StatusCode.Unavailable, "no sample yet; the agent samples every " + samplingPeriod.TotalMilliseconds + " ms");

    private async Task StreamAsync(StreamRequest request, IServerStreamWriter<SnapshotReply> stream, ServerCallContext context)
    {
        var period = request.PeriodMs == 0 ? samplingPeriod : TimeSpan.FromMilliseconds(Math.Max(request.PeriodMs, 10));
        using var timer = new PeriodicTimer(period);
        do
        {
            if (monitor.Latest is { } snapshot)
                await stream.WriteAsync(new SnapshotReply { SnapshotJson = snapshot.ToJson() }, context.CancellationToken);
        }
        while (await timer.WaitForNextTickAsync(context.CancellationToken));
    }

    private StatusReply Status()
    {
        var reply = new StatusReply();
        foreach (var (report, worldRank, isSelf) in nodes.Nodes())
        {
            reply.Nodes.Add(new NodeStatus
            {
                NodeName = report.NodeName,
                WorldRank = worldRank,
                InventoryJson = report.InventoryJson,
                AgentEndpoint = report.AgentEndpoint,
                IsSelf = isSelf,
                UpdatedAtUnixMs = report.UpdatedAtUnixMs,
                SimulationRanks = report.SimulationRanks,
                Queued = report.Queued,
                Running = report.Running,
            });
        }
        return reply;
    }
}
