namespace Odop.Agent.Engine;

/// <summary>
/// Runs the calls for one execution one after another, in the order they were given; calls for different
/// executions run side by side. A pause sent right after a start must reach the engine after it, or the
/// engine answers NOT_FOUND and the scheduler's book says paused while the process runs.
/// </summary>
internal sealed class PerExecutionOrder
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Queues <paramref name="call"/> behind the calls already given for <paramref name="executionId"/>.</summary>
    /// <remarks><paramref name="call"/> must not throw: a failed call is reported by the call itself, not by the queue.</remarks>
    public Task Enqueue(string executionId, Func<Task> call)
    {
        Task next;
        lock (_gate)
        {
            var previous = _tails.GetValueOrDefault(executionId) ?? Task.CompletedTask;
            next = RunAfter(previous, call);
            _tails[executionId] = next;
        }
        // The last call of an execution forgets it, so ended executions leave nothing behind.
        _ = next.ContinueWith(done =>
        {
            lock (_gate)
                if (_tails.TryGetValue(executionId, out var tail) && tail == done) _tails.Remove(executionId);
        }, TaskScheduler.Default);
        return next;
    }

    /// <summary>Executions with calls queued or in flight.</summary>
    public int Pending { get { lock (_gate) return _tails.Count; } }

    private static async Task RunAfter(Task previous, Func<Task> call)
    {
        try { await previous.ConfigureAwait(false); } catch { /* the previous call reported its own failure */ }
        // On the pool, never on the sender's thread: the loop must not wait on I/O.
        await Task.Run(call).ConfigureAwait(false);
    }
}
