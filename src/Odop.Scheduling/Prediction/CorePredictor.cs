namespace Odop.Scheduling.Prediction;

/// <summary>
/// One core's utilisation model: a sliding window of samples, an AR(p) model refitted every few
/// samples, and a running score of both the AR model and the last-value forecast on their recent
/// one-step predictions. Forecasts use whichever scored better (<see cref="ActiveModel"/>), and the
/// error margin is that model's mean absolute error. Deterministic: same samples, same answers.
/// </summary>
public sealed class CorePredictor
{
    private readonly PredictorOptions _options;
    private readonly double[] _window; // ring buffer, oldest at _head once full
    private readonly double[] _scratch; // the window in time order, for fitting
    private readonly int _refitPhase;
    private readonly ErrorWindow _arErrors;
    private readonly ErrorWindow _lastValueErrors;
    private readonly ArFit _fit; // normal equations of the rows inside the window, kept as it slides
    private double[]? _coefficients; // [c, a1..ap]
    private int _refits;
    private int _head;
    private int _sinceFit;
    private double _pendingAr = double.NaN; // the AR model's forecast of the next sample

    /// <param name="refitPhase">Offsets the refit schedule so that a node's cores do not all refit on the same sample.</param>
    public CorePredictor(PredictorOptions? options = null, int refitPhase = 0)
    {
        _options = (options ?? new PredictorOptions()).Validated();
        _window = new double[_options.WindowSize];
        _scratch = new double[_options.WindowSize];
        _refitPhase = Math.Abs(refitPhase) % _options.RefitEvery;
        _arErrors = new ErrorWindow(_options.ErrorWindow);
        _lastValueErrors = new ErrorWindow(_options.ErrorWindow);
        _fit = new ArFit(_options.Order);
    }

    public PredictorOptions Options => _options;

    /// <summary>Samples in the window (at most <see cref="PredictorOptions.WindowSize"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Samples observed since construction.</summary>
    public long Observed { get; private set; }

    /// <summary>The latest sample, after the reclaimable share was taken off; 0 before any.</summary>
    public double Last => Count == 0 ? 0 : _window[(_head - 1 + _window.Length) % _window.Length];

    /// <summary>Mean absolute error of the AR model's recent one-step forecasts; NaN before the first fit.</summary>
    public double MaeAr => _arErrors.Mean;

    /// <summary>Mean absolute error of the last-value forecast over recent samples; NaN before two samples.</summary>
    public double MaeLastValue => _lastValueErrors.Mean;

    /// <summary>The AR model wins once it has been scored on enough samples and its MAE is lower.</summary>
    public ForecastModel ActiveModel =>
        _coefficients is not null && _arErrors.Count >= _options.MinErrorSamples && _arErrors.Mean < _lastValueErrors.Mean
            ? ForecastModel.Autoregressive
            : ForecastModel.LastValue;

    /// <summary>Coefficients [c, a1..ap] of the fitted model; empty before the first fit.</summary>
    public ReadOnlySpan<double> Coefficients => _coefficients;

    /// <summary>Enough samples to judge: the active model has been scored at least <see cref="PredictorOptions.MinErrorSamples"/> times.</summary>
    public bool IsWarm => _lastValueErrors.Count >= _options.MinErrorSamples;

    /// <summary>True when the window holds at least <paramref name="count"/> samples and the newest <paramref name="count"/> are all under <paramref name="threshold"/>.</summary>
    public bool LastSamplesUnder(double threshold, int count)
    {
        if (count <= 0 || Count < count) return false;
        for (var i = Count - count; i < Count; i++)
            if (At(i) >= threshold) return false;
        return true;
    }

    /// <summary>The spells of samples at or over <paramref name="threshold"/> in the window, oldest to newest; O(window), allocates nothing.</summary>
    public BurstShape Bursts(double threshold)
    {
        int ended = 0, longest = 0, run = 0, quiet = 0;
        for (var i = 0; i < Count; i++)
        {
            if (At(i) >= threshold)
            {
                run++;
                continue;
            }
            quiet++;
            if (run == 0) continue;
            ended++;
            longest = Math.Max(longest, run);
            run = 0;
        }
        return new BurstShape(ended, Math.Max(longest, run), run, Count == 0 ? 0 : quiet / (double)Count);
    }

    /// <summary>
    /// Mean of the newest <paramref name="count"/> samples and how many of them are over <paramref name="high"/>;
    /// <see cref="LoadSpread.Samples"/> is 0 while the window holds fewer.
    /// </summary>
    public LoadSpread Recent(int count, double high)
    {
        if (count <= 0 || Count < count) return default;
        double sum = 0;
        var over = 0;
        for (var i = Count - count; i < Count; i++)
        {
            var value = At(i);
            sum += value;
            if (value > high) over++;
        }
        return new LoadSpread(count, sum / count, over);
    }

    /// <summary>What is added to a forecast before comparing it with a threshold: the active model's MAE × the margin factor.</summary>
    public double ErrorMargin
    {
        get
        {
            var mae = ActiveModel == ForecastModel.Autoregressive ? _arErrors.Mean : _lastValueErrors.Mean;
            return double.IsNaN(mae) ? 0 : mae * _options.ErrorMarginFactor;
        }
    }

    /// <summary>
    /// Adds one sample. <paramref name="reclaimable"/> is the share of the core that ranks spend waiting
    /// inside MPI (from the optional PMPI signal); it is taken off before the sample is modelled.
    /// </summary>
    public void Observe(double usage, double reclaimable = 0)
    {
        var value = Math.Clamp(usage - Math.Max(0, reclaimable), 0, 1);
        if (double.IsNaN(value)) value = 0;
        if (Count > 0) _lastValueErrors.Add(Math.Abs(value - Last));
        if (!double.IsNaN(_pendingAr)) _arErrors.Add(Math.Abs(value - _pendingAr));

        // Slide the normal equations with the window: the row whose oldest lag leaves goes, the new row comes.
        var p = _options.Order;
        Span<double> lags = stackalloc double[p];
        if (Count == _window.Length)
        {
            for (var i = 0; i < p; i++) lags[i] = At(p - 1 - i);
            _fit.Row(At(p), lags, -1);
        }
        _window[_head] = value;
        _head = (_head + 1) % _window.Length;
        if (Count < _window.Length) Count++;
        if (Count > p)
        {
            for (var i = 0; i < p; i++) lags[i] = At(Count - 2 - i);
            _fit.Row(value, lags, +1);
        }
        Observed++;
        _sinceFit++;

        if (ShouldRefit()) Refit();
        _pendingAr = _coefficients is null ? double.NaN : StepAr(_coefficients, LagsSnapshot(lags));
    }

    // The first fit comes as soon as the window can carry one; later ones every RefitEvery samples,
    // shifted by the phase so that the cores of a node spread their refits over the period.
    private bool ShouldRefit() =>
        _coefficients is null ? Count >= 3 * (_options.Order + 1) : _sinceFit >= _options.RefitEvery;

    private void Refit()
    {
        // Adding and removing rows drifts by rounding; once per window's worth of refits the sums are redone exactly.
        if (++_refits % Math.Max(1, _options.WindowSize / _options.RefitEvery) == 0) _fit.Recompute(InTimeOrder());
        var first = _coefficients is null;
        var into = _coefficients ?? new double[_options.Order + 1];
        if (_fit.Solve(_options.Ridge, into)) _coefficients = into;
        _sinceFit = first ? _refitPhase : 0;
    }

    /// <summary>The sample at <paramref name="position"/> in time order (0 = oldest in the window).</summary>
    private double At(int position) => _window[((Count < _window.Length ? 0 : _head) + position) % _window.Length];

    private ReadOnlySpan<double> InTimeOrder()
    {
        var start = Count < _window.Length ? 0 : _head;
        for (var i = 0; i < Count; i++) _scratch[i] = _window[(start + i) % _window.Length];
        return _scratch.AsSpan(0, Count);
    }

    /// <summary>The last p samples, newest first, into <paramref name="lags"/> (zeros where the window is shorter).</summary>
    private Span<double> LagsSnapshot(Span<double> lags)
    {
        for (var i = 0; i < lags.Length; i++)
            lags[i] = i < Count ? _window[(_head - 1 - i + 2 * _window.Length) % _window.Length] : 0;
        return lags;
    }

    private static double StepAr(double[] c, ReadOnlySpan<double> lagsNewestFirst)
    {
        var y = c[0];
        for (var i = 0; i < lagsNewestFirst.Length; i++) y += c[i + 1] * lagsNewestFirst[i];
        return Math.Clamp(y, 0, 1);
    }

    /// <summary>The next <paramref name="steps"/> values from the active model.</summary>
    public double[] Forecast(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var result = new double[steps];
        Forecast(result);
        return result;
    }

    /// <summary>Fills <paramref name="into"/> with the next values from the active model; allocates nothing.</summary>
    public void Forecast(Span<double> into)
    {
        var walker = new ForecastWalker(this, stackalloc double[_options.Order]);
        for (var i = 0; i < into.Length; i++) into[i] = walker.Next();
    }

    /// <summary>
    /// How many steps from now the forecast plus the error margin stays under <paramref name="threshold"/>,
    /// looking at most <paramref name="maxSteps"/> ahead: 0 when the next step is already over it, and
    /// <paramref name="maxSteps"/> when the window is still open there. Before warm-up the answer is 0.
    /// </summary>
    public int IdleSteps(double threshold, int maxSteps)
    {
        if (!IsWarm || maxSteps <= 0) return 0;
        var margin = ErrorMargin;
        var walker = new ForecastWalker(this, stackalloc double[_options.Order]);
        var previous = double.NaN;
        var still = 0;
        for (var step = 0; step < maxSteps; step++)
        {
            var value = walker.Next();
            if (value + margin >= threshold) return step;
            // A forecast that has settled under the threshold stays there: stop iterating.
            still = Math.Abs(value - previous) < 1e-7 ? still + 1 : 0;
            if (still > _options.Order) return maxSteps;
            previous = value;
        }
        return maxSteps;
    }

    /// <summary>True when the forecast plus the error margin stays under <paramref name="threshold"/> for the whole horizon.</summary>
    public bool IsIdleWindow(double threshold = 0.2, int? horizonSteps = null)
    {
        var horizon = horizonSteps ?? _options.HorizonSteps;
        return IdleSteps(threshold, horizon) >= horizon;
    }

    /// <summary>Iterates the active model from the current window without allocating.</summary>
    private ref struct ForecastWalker
    {
        private readonly double[]? _coefficients;
        private readonly Span<double> _lags; // newest first
        private readonly double _last;

        public ForecastWalker(CorePredictor predictor, Span<double> lags)
        {
            _coefficients = predictor.ActiveModel == ForecastModel.Autoregressive ? predictor._coefficients : null;
            _lags = predictor.LagsSnapshot(lags);
            _last = predictor.Last;
        }

        public double Next()
        {
            if (_coefficients is null) return _last;
            var y = StepAr(_coefficients, _lags);
            for (var i = _lags.Length - 1; i > 0; i--) _lags[i] = _lags[i - 1];
            _lags[0] = y;
            return y;
        }
    }
}
