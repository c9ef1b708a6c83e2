using Odop.Protocol.V1;

namespace Odop.Protocol;

/// <summary>Descriptors of <c>odop.v1.Engine</c> (engine.proto): agent to engine.</summary>
public static class EngineMethods
{
    public const string ServiceName = "odop.v1.Engine";

    public static readonly Method<StartCommand, EngineExecution> Start =
        new(MethodType.Unary, ServiceName, "Start", StartCommand.Parser, EngineExecution.Parser);

    public static readonly Method<StopCommand, EngineExecution> Stop =
        new(MethodType.Unary, ServiceName, "Stop", StopCommand.Parser, EngineExecution.Parser);

    public static readonly Method<EngineRef, EngineExecution> Pause =
        new(MethodType.Unary, ServiceName, "Pause", EngineRef.Parser, EngineExecution.Parser);

    public static readonly Method<EngineRef, EngineExecution> Resume =
        new(MethodType.Unary, ServiceName, "Resume", EngineRef.Parser, EngineExecution.Parser);

    public static readonly Method<SetAffinityCommand, EngineExecution> SetAffinity =
        new(MethodType.Unary, ServiceName, "SetAffinity", SetAffinityCommand.Parser, EngineExecution.Parser);

    public static readonly Method<EngineListRequest, EngineListReply> List =
        new(MethodType.Unary, ServiceName, "List", EngineListRequest.Parser, EngineListReply.Parser);

    public static readonly Method<EngineEventsRequest, EngineEvent> Events =
        new(MethodType.ServerStreaming, ServiceName, "Events", EngineEventsRequest.Parser, EngineEvent.Parser);
}
