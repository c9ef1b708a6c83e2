using Odop.Protocol.V1;

namespace Odop.Protocol;

/// <summary>Descriptors of <c>odop.v1.Queue</c> (queue.proto): what simulations call.</summary>
public static class QueueMethods
{
    public const string ServiceName = "odop.v1.Queue";

    public static readonly Method<EnqueueRequest, EnqueueReply> Enqueue =
        new(MethodType.Unary, ServiceName, "Enqueue", EnqueueRequest.Parser, EnqueueReply.Parser);

    public static readonly Method<EnqueueBatchRequest, EnqueueBatchReply> EnqueueBatch =
        new(MethodType.Unary, ServiceName, "EnqueueBatch", EnqueueBatchRequest.Parser, EnqueueBatchReply.Parser);
}
