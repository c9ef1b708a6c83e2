namespace Odop.Node.Sampling;

/// <summary>
/// Fixed-capacity ring of the most recent values. Each value is written twice, at i and
/// i + capacity, so the last n values are always one contiguous span: appends are O(1) without
/// allocation and the predictor reads without copying. Not thread-safe.
/// </summary>
public sealed class SampleHistory<T>
{
    /// <summary>60 s at the default 100 ms sampling period.</summary>
    public const int DefaultCapacity = 600;

    private readonly T[] _items;
    private int _next; // where the next value goes, in [0, Capacity)
    private long _appended;

    public SampleHistory(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _items = new T[2 * capacity];
    }

    public int Capacity { get; }

    /// <summary>Values held now: grows to <see cref="Capacity"/>, then stays there.</summary>
    public int Count => (int)Math.Min(_appended, Capacity);

    /// <summary>Values ever appended, including those overwritten.</summary>
    public long TotalAppended => _appended;

    public void Append(T value)
    {
        _items[_next] = value;
        _items[_next + Capacity] = value;
        _next = _next + 1 == Capacity ? 0 : _next + 1;
        _appended++;
    }

    /// <summary>The last min(count, Count) values, oldest first; valid until the next append overwrites them.</summary>
    public ReadOnlySpan<T> Last(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        count = Math.Min(count, Count);
        var end = _next + Capacity; // one past the newest copy
        return _items.AsSpan(end - count, count);
    }

    /// <summary>The newest value; throws when empty.</summary>
    public T Latest => Count > 0 ? Last(1)[0] : throw new InvalidOperationException("the history is empty");

    /// <summary>Copies the last values (oldest first) to fill as much of <paramref name="destination"/> as possible.</summary>
    public int CopyLast(Span<T> destination)
    {
        var last = Last(destination.Length);
        last.CopyTo(destination);
        return last.Length;
    }

    public void Clear()
    {
        _next = 0;
        _appended = 0;
    }
}
