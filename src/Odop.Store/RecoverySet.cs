using Odop.Core.Executions;

namespace Odop.Store;

/// <summary>
/// What a restarted agent needs to rebuild its book: every execution that is not finished.
/// Records are fresh copies, owned by the caller.
/// </summary>
/// <param name="Queued">Queued executions in dispatch order: priority high first, then enqueue sequence, then arrival.</param>
/// <param name="Live">Starting, running and paused executions, in enqueue order: the agent reconciles these with the engine.</param>
/// <param name="Lost">Lost executions (engine gone, no decision recorded yet), in enqueue order: requeue or fail them.</param>
public sealed record RecoverySet(
    IReadOnlyList<ExecutionRecord> Queued, IReadOnlyList<ExecutionRecord> Live, IReadOnlyList<ExecutionRecord> Lost);
