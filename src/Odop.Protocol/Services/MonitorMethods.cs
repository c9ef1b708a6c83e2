using Odop.Protocol.V1;

namespace Odop.Protocol;

/// <summary>Descriptors of <c>odop.v1.Monitor</c> (monitor.proto): the node as the agent sees it.</summary>
public static class MonitorMethods
{
    public const string ServiceName = "odop.v1.Monitor";

    public static readonly Method<SnapshotRequest, SnapshotReply> Snapshot =
        new(MethodType.Unary, ServiceName, "Snapshot", SnapshotRequest.Parser, SnapshotReply.Parser);

    public static readonly Method<StreamRequest, SnapshotReply> Stream =
        new(MethodType.ServerStreaming, ServiceName, "Stream", StreamRequest.Parser, SnapshotReply.Parser);

    public static readonly Method<StatusRequest, StatusReply> Status =
        new(MethodType.Unary, ServiceName, "Status", StatusRequest.Parser, StatusReply.Parser);
}
