using Odop.Core;
using Odop.Core.Executions;

namespace Odop.Store;

/// <summary>
/// What <see cref="IExecutionStore.EnqueueAsync"/> did with one element of a batch. For an id that
/// was already stored, the fields describe the stored execution, not the one offered: a caller
/// that sees a different <see cref="TaskId"/> knows the id was reused for another task.
/// </summary>
/// <param name="Created">True when this call stored it; false when the id was already there (idempotent retry).</param>
public readonly record struct EnqueueResult(ExecutionId Id, bool Created, ExecutionState State, string TaskId, long EnqueueSequence);
