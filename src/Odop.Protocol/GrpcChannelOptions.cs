namespace Odop.Protocol;

/// <summary>Settings shared by every call made through one <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted; a larger one fails the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent; a larger one fails with RESOURCE_EXHAUSTED before anything is sent.</summary>
    public int MaxSendMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Headers added to every call (for example <c>authorization: Bearer ...</c>).</summary>
    public IReadOnlyDictionary<string, string>? DefaultHeaders { get; set; }
}
