using Odop.Core;
using Odop.Core.Executions;
using Odop.Core.Profiles;

namespace Odop.Store;

/// <summary>
/// The agent's durable memory: executions, every transition they made, measured usage per task,
/// and where results were left. <see cref="ExecutionStores"/> makes the two implementations
/// (SQLite file, in memory); the contract test suite holds both to the guarantees written here.
/// </summary>
/// <remarks>
/// <para>Guarantees every implementation keeps:</para>
/// <list type="bullet">
/// <item>Every write is atomic: a call (or a batch) commits whole or not at all. A returned task
/// means committed; for the SQLite store with <see cref="SqliteSynchronous.Full"/>, committed and
/// synced to disk, so it survives a process kill or a power loss.</item>
/// <item>A state changes only by compare-and-swap: the stored state must equal the caller's
/// expected state, and the state table (<see cref="ExecutionStateMachine"/>) must allow the move.
/// This is what makes "never run twice" hold: only one caller can take an execution from queued to
/// starting.</item>
/// <item>Every applied transition leaves a history row (from, to, at, reason), written in the same
/// transaction as the state and field changes; history is returned in the order it was written.</item>
/// <item>Records handed in are copied; records handed out are fresh copies owned by the caller.
/// Times come back in UTC with the same instant (to the tick).</item>
/// <item>Safe to call from several threads at once. Writes are serialised; reads see only
/// committed data.</item>
/// <item>Cancellation is honoured before a write starts; once a transaction has begun it runs to
/// commit or failure.</item>
/// <item>Failures of the storage itself (corrupt file, lock held by someone else, full disk) throw
/// <see cref="OdopStoreException"/> and leave the stored data as it was before the call.</item>
/// </list>
/// </remarks>
public interface IExecutionStore : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// Stores new queue elements. Idempotent on execution id: an id already stored (or repeated
    /// earlier in the same batch) is left untouched and reported with <c>Created = false</c>.
    /// All-or-nothing: if anything fails, nothing of the batch is stored. The task completes only
    /// after the transaction is committed (durably, for the SQLite store in full synchronous mode),
    /// so a caller may acknowledge the enqueue to its client once it returns.
    /// </summary>
    /// <param name="batch">Records fresh from the queue: each must be in <see cref="ExecutionState.Queued"/>
    /// with no transitions yet. The store keeps its own copy.</param>
    /// <returns>One result per element, in the batch's order.</returns>
    /// <exception cref="ArgumentException">An element is null or not a fresh queued record; nothing was stored.</exception>
    Task<IReadOnlyList<EnqueueResult>> EnqueueAsync(IReadOnlyList<ExecutionRecord> batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Compare-and-swap: moves the execution to <paramref name="to"/> only if its stored state is
    /// <paramref name="expectedFrom"/> and the state table allows the move; then records the
    /// transition and applies <paramref name="changes"/> in the same transaction. A refusal is an
    /// answer (see <see cref="TransitionOutcome"/>), not an exception, and changes nothing.
    /// </summary>
    Task<TransitionResult> TryTransitionAsync(
        ExecutionId id, ExecutionState expectedFrom, ExecutionState to, DateTimeOffset at, string reason,
        ExecutionChanges? changes = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies many compare-and-swap transitions in ONE transaction (one commit, one fsync): what
    /// the agent loop decided during one tick. Each is checked on its own, in list order, against
    /// the state left by the ones before it (so running → paused then paused → running on the same
    /// id works). A refused one is reported and skipped; it does not abort the others — the loop
    /// decided them independently, and a stale decision about one execution must not lose the rest
    /// of the tick. If the storage itself fails, the whole batch is rolled back and the call throws.
    /// </summary>
    /// <returns>One result per request, in the list's order.</returns>
    Task<IReadOnlyList<TransitionResult>> ApplyAsync(IReadOnlyList<TransitionRequest> transitions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims one execution for starting: queued → starting by compare-and-swap, with
    /// <paramref name="changes"/> (placement, node) in the same transaction. Of any number of
    /// concurrent claims on the same id, exactly one is applied.
    /// </summary>
    Task<TransitionResult> TryClaimAsync(
        ExecutionId id, DateTimeOffset at, string reason, ExecutionChanges? changes = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the head of the dispatch order (priority high first, then enqueue sequence): the
    /// pick and the queued → starting move are one transaction, so concurrent callers never get
    /// the same execution.
    /// </summary>
    /// <returns>The claimed execution, now starting; null when nothing is queued.</returns>
    Task<ExecutionRecord?> ClaimNextAsync(DateTimeOffset at, string reason, CancellationToken cancellationToken = default);

    /// <summary>One execution with its full transition history; null when unknown or purged.</summary>
    Task<ExecutionRecord?> GetAsync(ExecutionId id, CancellationToken cancellationToken = default);

    /// <summary>Executions matching <paramref name="filter"/>, ordered by enqueue sequence (then arrival), with their history.</summary>
    Task<IReadOnlyList<ExecutionRecord>> ListAsync(ExecutionFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Every execution that is not finished, read in one consistent snapshot: what the agent reloads after a restart.</summary>
    Task<RecoverySet> LoadLiveAndQueuedAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every stored execution that has a workflow (dependencies, a group, or a retry state), whatever its
    /// state, in enqueue order: a restarted agent needs the ended ones to judge dependencies and groups.
    /// </summary>
    Task<IReadOnlyList<ExecutionRecord>> LoadWorkflowAsync(CancellationToken cancellationToken = default);

    /// <summary>How many executions are in each state; every state is present, with 0 when none.</summary>
    Task<IReadOnlyDictionary<ExecutionState, int>> CountByStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The highest enqueue sequence ever stored, 0 when none: a restarted agent continues its
    /// counter from here. Never decreases, even when <see cref="PurgeAsync"/> removed that execution.
    /// </summary>
    Task<long> MaxSequenceAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// History retention: deletes executions in a terminal state that ended before
    /// <paramref name="endedBefore"/>, with their transitions and result locations, in one
    /// transaction. Measurements are kept (they are the tasks' history, not the executions').
    /// </summary>
    /// <returns>How many executions were deleted.</returns>
    Task<int> PurgeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds one measurement to the task's history. Idempotent per (task, execution): recording
    /// again replaces the earlier value, so a retried write cannot count one run twice. The
    /// execution need not be stored (measurements outlive purged executions).
    /// </summary>
    Task RecordMeasurementAsync(string taskId, ExecutionId executionId, MeasuredUsage usage, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The task's most recent measurements, newest first (by time, then by arrival), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Measurement>> MeasurementsAsync(string taskId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records where the execution left a result of this kind; recording the same kind again
    /// replaces the location. Deleted with the execution by <see cref="PurgeAsync"/>.
    /// </summary>
    /// <returns>False when no such execution is stored (nothing written).</returns>
    Task<bool> RecordResultAsync(ExecutionId executionId, string kind, string location, CancellationToken cancellationToken = default);

    /// <summary>The execution's result locations ordered by kind; empty when none or unknown.</summary>
    Task<IReadOnlyList<ResultLocation>> ResultsAsync(ExecutionId executionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds history notes (not state changes: why an execution waits) in one transaction. Notes of
    /// executions not stored are skipped. Deleted with their execution by <see cref="PurgeAsync"/>.
    /// </summary>
    /// <returns>How many notes were stored.</returns>
    Task<int> AddNotesAsync(IReadOnlyList<ExecutionNote> notes, CancellationToken cancellationToken = default);

    /// <summary>The execution's notes in the order they were written; empty when none or unknown.</summary>
    Task<IReadOnlyList<ExecutionNote>> NotesAsync(ExecutionId executionId, CancellationToken cancellationToken = default);
}
