namespace Odop.Protocol.Internal.Client;

/// <summary>
/// The one token a call runs under: the caller's token(s) and the deadline, combined only when there is
/// more than one source (no allocation for the common single-token case). Remembers which source is
/// which, so a cancellation can be reported as CANCELLED or DEADLINE_EXCEEDED.
/// </summary>
internal struct CallCancellation : IDisposable
{
    private readonly CancellationToken _callerToken;
    private readonly CancellationToken _enumeratorToken;
    private CancellationTokenSource? _source;

    public CallCancellation(DateTime? deadline, CancellationToken callerToken, CancellationToken enumeratorToken)
    {
        _callerToken = callerToken;
        _enumeratorToken = enumeratorToken;
        Deadline = deadline is { } d ? GrpcTimeout.ToUtc(d) : null;
        if (Deadline == DateTime.MaxValue)
        {
            Deadline = null;
        }

        var timeout = Deadline is { } utc ? utc - DateTime.UtcNow : (TimeSpan?)null;
        var timed = timeout is { } t && t < GrpcTimeout.MaxTimer;
        if (!timed && !enumeratorToken.CanBeCanceled)
        {
            Token = callerToken;
            return;
        }

        if (!timed && !callerToken.CanBeCanceled)
        {
            Token = enumeratorToken;
            return;
        }

        _source = CancellationTokenSource.CreateLinkedTokenSource(callerToken, enumeratorToken);
        if (timed)
        {
            _source.CancelAfter(timeout!.Value < TimeSpan.Zero ? TimeSpan.Zero : timeout.Value);
        }

        Token = _source.Token;
    }

    public CancellationToken Token { get; }

    /// <summary>UTC; null without a deadline.</summary>
    public DateTime? Deadline { get; }

    public readonly bool CancelledByCaller =>
        _callerToken.IsCancellationRequested || _enumeratorToken.IsCancellationRequested;

    /// <summary>Time left before the deadline (never negative); null without a deadline.</summary>
    public readonly TimeSpan? Remaining =>
        Deadline is { } d ? (d - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero) : null;

    /// <summary>Ends the call now (the HTTP/2 stream is reset by the handler).</summary>
    public readonly void Cancel() => _source?.Cancel();

    public void Dispose()
    {
        _source?.Dispose();
        _source = null;
    }
}
