namespace Odop.Store.Internal;

/// <summary>The order queued executions are offered in: priority high first, then enqueue sequence, then arrival.</summary>
internal sealed class DispatchOrder : IComparer<StoredExecution>
{
    public static readonly DispatchOrder Instance = new();

    /// <summary>The same order as SQL, for the SQLite store's queries.</summary>
    public const string Sql = "priority DESC, enqueue_sequence, row";

    public int Compare(StoredExecution? x, StoredExecution? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var c = y.Priority.CompareTo(x.Priority);
        if (c == 0) c = x.EnqueueSequence.CompareTo(y.EnqueueSequence);
        return c != 0 ? c : x.Row.CompareTo(y.Row);
    }
}
