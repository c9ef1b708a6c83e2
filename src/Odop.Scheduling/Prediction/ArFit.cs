using MathNet.Numerics.Providers.LinearAlgebra;

namespace Odop.Scheduling.Prediction;

/// <summary>
/// Least-squares fit of y[t] = c + a1·y[t-1] + … + ap·y[t-p] through its normal equations
/// (XᵀX + λ·D) β = Xᵀy, where D is XᵀX's diagonal on the lags (the intercept is not shrunk) plus a
/// tiny floor. The small ridge term keeps the system positive definite even on a flat series,
/// without pulling a trend toward the mean at low loads; MathNet's linear-algebra provider factors and
/// solves the (p+1)×(p+1) system in place (Cholesky), so a refit allocates nothing.
/// </summary>
internal sealed class ArFit
{
    private const double AbsoluteFloor = 1e-9;

    private readonly int _m;
    private readonly double[,] _xtx;
    private readonly double[] _xty;
    private readonly double[] _row;
    private readonly double[] _factor; // column-major (p+1)×(p+1), overwritten by each solve

    public ArFit(int order)
    {
        Order = order;
        _m = order + 1;
        _xtx = new double[_m, _m];
        _xty = new double[_m];
        _row = new double[_m];
        _factor = new double[_m * _m];
    }

    public int Order { get; }

    /// <summary>Rows currently summed into the normal equations.</summary>
    public int Rows { get; private set; }

    public void Clear()
    {
        Array.Clear(_xtx);
        Array.Clear(_xty);
        Rows = 0;
    }

    /// <summary>Adds (<paramref name="sign"/> +1) or removes (−1) the row of <paramref name="target"/> and its p lags, newest first.</summary>
    public void Row(double target, ReadOnlySpan<double> lagsNewestFirst, int sign)
    {
        _row[0] = 1;
        for (var i = 1; i < _m; i++) _row[i] = lagsNewestFirst[i - 1];
        for (var i = 0; i < _m; i++)
        {
            _xty[i] += sign * _row[i] * target;
            for (var j = 0; j <= i; j++) _xtx[i, j] += sign * _row[i] * _row[j];
        }
        Rows += sign;
    }

    /// <summary>Sums every row of <paramref name="series"/> (oldest first) afresh.</summary>
    public void Recompute(ReadOnlySpan<double> series)
    {
        Clear();
        Span<double> lags = stackalloc double[Order];
        for (var t = Order; t < series.Length; t++)
        {
            for (var i = 0; i < Order; i++) lags[i] = series[t - 1 - i];
            Row(series[t], lags, +1);
        }
    }

    /// <summary>
    /// Solves into <paramref name="coefficients"/> ([c, a1..ap]); false — leaving it as it was — when
    /// there are too few rows or the system cannot be solved.
    /// </summary>
    public bool Solve(double ridge, double[] coefficients)
    {
        if (Rows < _m) return false;
        for (var i = 0; i < _m; i++)
            for (var j = 0; j <= i; j++) _factor[i * _m + j] = _factor[j * _m + i] = _xtx[i, j];
        // Ridge relative to each lag's own sum of squares, so low loads are shrunk no more than high ones;
        // the tiny absolute floor keeps an all-zero series (a truly idle core) solvable. The intercept is not shrunk.
        for (var i = 1; i < _m; i++) _factor[i * _m + i] += ridge * _factor[i * _m + i] + AbsoluteFloor * Rows;
        var b = _row; // reused as the right-hand side: Row() refills it before its next use
        _xty.CopyTo(b, 0);
        try
        {
            var provider = LinearAlgebraControl.Provider;
            provider.CholeskyFactor(_factor, _m);
            provider.CholeskySolveFactored(_factor, _m, b, 1);
        }
        catch (ArgumentException)
        {
            return false; // not positive definite: the caller keeps its previous model
        }
        for (var i = 0; i < _m; i++)
            if (!double.IsFinite(b[i])) return false;
        Array.Copy(b, coefficients, _m);
        return true;
    }

    /// <summary>One-off fit of a whole series (oldest first).</summary>
    public static double[]? Fit(ReadOnlySpan<double> series, int order, double ridge)
    {
        var fit = new ArFit(order);
        fit.Recompute(series);
        var coefficients = new double[order + 1];
        return fit.Solve(ridge, coefficients) ? coefficients : null;
    }
}
