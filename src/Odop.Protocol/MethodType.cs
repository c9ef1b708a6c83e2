namespace Odop.Protocol;

/// <summary>The call shapes odop.v1 uses. Client and bidirectional streaming are not needed.</summary>
public enum MethodType
{
    Unary,
    ServerStreaming,
}
