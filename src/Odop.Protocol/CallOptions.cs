namespace Odop.Protocol;

/// <summary>
/// Per-call settings. <paramref name="Deadline"/> is an absolute time (UTC, or local which is converted);
/// it is sent as <c>grpc-timeout</c> and also enforced by the client.
/// </summary>
public readonly record struct CallOptions(
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public static CallOptions WithTimeout(TimeSpan timeout, CancellationToken ct = default) =>
        new(Internal.GrpcTimeout.DeadlineFromNow(timeout), ct);
}
