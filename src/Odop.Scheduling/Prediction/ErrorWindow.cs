namespace Odop.Scheduling.Prediction;

/// <summary>The last N absolute errors and their mean, without allocating after construction.</summary>
internal sealed class ErrorWindow(int capacity)
{
    private readonly double[] _errors = new double[capacity];
    private int _next;
    private double _sum;

    public int Count { get; private set; }

    /// <summary>Mean absolute error over the window; NaN when empty.</summary>
    public double Mean => Count == 0 ? double.NaN : _sum / Count;

    public void Add(double absoluteError)
    {
        if (Count == _errors.Length) _sum -= _errors[_next];
        else Count++;
        _errors[_next] = absoluteError;
        _sum += absoluteError;
        _next = (_next + 1) % _errors.Length;
        if (_next == 0) Resum(); // a running sum drifts; once per lap it is recomputed exactly
    }

    private void Resum()
    {
        _sum = 0;
        for (var i = 0; i < Count; i++) _sum += _errors[i];
    }
}
