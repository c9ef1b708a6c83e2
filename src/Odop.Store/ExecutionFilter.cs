using Odop.Core.Executions;

namespace Odop.Store;

/// <summary>Which executions <see cref="IExecutionStore.ListAsync"/> returns. The default matches all, oldest first.</summary>
public sealed record ExecutionFilter
{
    public static readonly ExecutionFilter All = new();

    /// <summary>Only these states; null or empty means any state.</summary>
    public IReadOnlyCollection<ExecutionState>? States { get; init; }

    /// <summary>Only executions whose task id or task name equals this, ignoring ASCII case.</summary>
    public string? Task { get; init; }

    /// <summary>Only executions enqueued at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>At most this many, taken after ordering; null means no limit.</summary>
    public int? Limit { get; init; }

    /// <summary>Order by enqueue sequence descending instead of ascending (so a limit keeps the newest).</summary>
    public bool NewestFirst { get; init; }
}
