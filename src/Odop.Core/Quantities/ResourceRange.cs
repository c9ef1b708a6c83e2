namespace Odop.Core.Quantities;

/// <summary>
/// What a task needs at least (<see cref="Min"/>, used to decide where it fits) and may use at most
/// (<see cref="Max"/>, used for limits; null when the profile sets no upper bound).
/// </summary>
public readonly record struct ResourceRange<T>(T Min, T? Max) where T : struct, IComparable<T>
{
    /// <summary>The upper bound, or <see cref="Min"/> when none is given: what to reserve to be safe.</summary>
    public T MaxOrMin => Max ?? Min;
}
