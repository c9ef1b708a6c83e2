using Microsoft.AspNetCore.Http;
using Odop.Protocol.Internal.Server;

namespace Odop.Protocol;

/// <summary>
/// What a handler knows about its call. <see cref="CancellationToken"/> is cancelled when the client
/// cancels or disconnects, when the deadline passes, or when the server shuts down.
/// </summary>
public sealed class ServerCallContext
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _sync = new();
    private CancellationTokenRegistration _abortedRegistration;
    private CancellationTokenRegistration _shutdownRegistration;
    private readonly CancellationToken _shutdownToken;
    private int? _peerUid;
    private bool _peerUidRead;

    internal ServerCallContext(HttpContext httpContext, string method, TimeSpan? timeout, CancellationToken shutdownToken)
    {
        HttpContext = httpContext;
        Method = method;
        _shutdownToken = shutdownToken;
        if (timeout is { } t)
        {
            Deadline = Internal.GrpcTimeout.DeadlineFromNow(t);
            // Beyond the longest timer the deadline cannot fire in practice; it stays informational.
            if (t < Internal.GrpcTimeout.MaxTimer)
            {
                _cts.CancelAfter(t);
            }
        }

        _abortedRegistration = httpContext.RequestAborted.UnsafeRegister(CancelSource, _cts);
        _shutdownRegistration = shutdownToken.UnsafeRegister(CancelSource, _cts);
    }

    /// <summary>The full method path, e.g. <c>/odop.v1.Queue/Enqueue</c>.</summary>
    public string Method { get; }

    public CancellationToken CancellationToken => _cts.Token;

    /// <summary>When the client gave up waiting (UTC), from its <c>grpc-timeout</c>; null without one.</summary>
    public DateTime? Deadline { get; }

    public IHeaderDictionary RequestHeaders => HttpContext.Request.Headers;

    public HttpContext HttpContext { get; }

    /// <summary>Per-call values for the server's own use (e.g. who the authorizer found the caller to be).</summary>
    public IDictionary<object, object?> UserState => HttpContext.Items;

    /// <summary>Uid of the connected process (SO_PEERCRED) on a Unix socket under Linux; null on TCP. Best effort.</summary>
    public int? PeerUid
    {
        get
        {
            if (!_peerUidRead)
            {
                _peerUid = PeerCredentials.TryGetUid(HttpContext);
                _peerUidRead = true;
            }

            return _peerUid;
        }
    }

    /// <summary>True when the caller is on a Unix socket and runs as the same user as this server (its socket's owner).</summary>
    public bool PeerIsServerUser => PeerUid is { } uid && (uint)uid == Internal.NativeMethods.EffectiveUserId();

    // Call state shared by the request flow, the stream writer and the deadline path; guarded by Sync.
    internal Lock Sync => _sync;

    /// <summary>The status has been written: nothing more may be sent.</summary>
    internal bool Completed { get; set; }

    /// <summary>At least one message went to the response body, so the status must go in trailers.</summary>
    internal bool MessageWritten { get; set; }

    /// <summary>A stream write whose flush has not finished; the status waits for it.</summary>
    internal Task? PendingFlush { get; set; }

    /// <summary>The status a call gets when its token fired, by cause.</summary>
    internal (StatusCode Status, string Detail) CancellationStatus()
    {
        if (HttpContext.RequestAborted.IsCancellationRequested)
        {
            return (StatusCode.Cancelled, "Call cancelled by the client.");
        }

        if (_shutdownToken.IsCancellationRequested)
        {
            return (StatusCode.Unavailable, "Server is shutting down.");
        }

        // Only three things cancel the source; the remaining one is the deadline timer.
        return (StatusCode.DeadlineExceeded, "Deadline exceeded.");
    }

    internal void Release()
    {
        _abortedRegistration.Dispose();
        _shutdownRegistration.Dispose();
        _cts.Dispose();
    }

    private static void CancelSource(object? state) => ((CancellationTokenSource)state!).Cancel();
}
