using Odop.Protocol.V1;

namespace Odop.Protocol;

/// <summary>Descriptors of <c>odop.v1.Executions</c> (executions.proto): inspect and steer executions.</summary>
public static class ExecutionsMethods
{
    public const string ServiceName = "odop.v1.Executions";

    public static readonly Method<ListExecutionsRequest, ListExecutionsReply> List =
        new(MethodType.Unary, ServiceName, "List", ListExecutionsRequest.Parser, ListExecutionsReply.Parser);

    public static readonly Method<ExecutionRef, Execution> Get = Unary("Get");

    public static readonly Method<ExecutionRef, Execution> Start = Unary("Start");

    public static readonly Method<ExecutionRef, Execution> Stop = Unary("Stop");

    public static readonly Method<ExecutionRef, Execution> Skip = Unary("Skip");

    public static readonly Method<ExecutionRef, Execution> Pause = Unary("Pause");

    public static readonly Method<ExecutionRef, Execution> Resume = Unary("Resume");

    public static readonly Method<SetPriorityRequest, Execution> SetPriority =
        new(MethodType.Unary, ServiceName, "SetPriority", SetPriorityRequest.Parser, Execution.Parser);

    public static readonly Method<WatchRequest, ExecutionEvent> Watch =
        new(MethodType.ServerStreaming, ServiceName, "Watch", WatchRequest.Parser, ExecutionEvent.Parser);

    public static readonly Method<ExecutionRef, ExecutionHistory> History =
        new(MethodType.Unary, ServiceName, "History", ExecutionRef.Parser, ExecutionHistory.Parser);

    private static Method<ExecutionRef, Execution> Unary(string name) =>
        new(MethodType.Unary, ServiceName, name, ExecutionRef.Parser, Execution.Parser);
}
