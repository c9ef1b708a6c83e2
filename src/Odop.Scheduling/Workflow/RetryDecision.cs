using Odop.Core.Workflow;

namespace Odop.Scheduling.Workflow;

/// <summary>What to do with an attempt that failed: queue it again after a backoff, or give up.</summary>
/// <param name="Retry">True: queue it again, not before <see cref="NotBefore"/>.</param>
/// <param name="Number">Which retry this is (1 for the first); the count so far when giving up.</param>
/// <param name="Reason">For the transition: "exit code 1; retry 2 of 3 in 4s", or the last error when giving up.</param>
public sealed record RetryDecision(bool Retry, int Number, DateTimeOffset NotBefore, string Reason)
{
    /// <summary>
    /// Decides from the policy, the retries already taken and the time of the failure (pure: the caller's
    /// clock). Retry n waits backoff × factor^(n-1), capped at max_backoff; after max retries, give up.
    /// </summary>
    public static RetryDecision After(RetryPolicy? policy, int retriesSoFar, DateTimeOffset failedAt, string error)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retriesSoFar);
        if (policy is null || retriesSoFar >= policy.Max)
        {
            var reason = policy is null || policy.Max == 0 ? error : $"{error} (gave up after {retriesSoFar} retr{(retriesSoFar == 1 ? "y" : "ies")})";
            return new RetryDecision(false, retriesSoFar, failedAt, reason);
        }
        var number = retriesSoFar + 1;
        var delay = policy.DelayBefore(number);
        return new RetryDecision(true, number, failedAt + delay,
            $"{error}; retry {number} of {policy.Max} in {new Odop.Core.Quantities.DurationQuantity(delay)}");
    }
}
