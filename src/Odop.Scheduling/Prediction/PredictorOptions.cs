namespace Odop.Scheduling.Prediction;

/// <summary>How each core's utilisation is modelled and forecast (DESIGN section 5.2).</summary>
public sealed record PredictorOptions
{
    /// <summary>Samples kept per core; the model is fitted on these.</summary>
    public int WindowSize { get; init; } = 100;

    /// <summary>Order p of the autoregressive model AR(p); an intercept is always fitted too.</summary>
    public int Order { get; init; } = 4;

    /// <summary>The model is refitted after this many new samples.</summary>
    public int RefitEvery { get; init; } = 20;

    /// <summary>Time between two samples; turns durations into forecast steps.</summary>
    public TimeSpan SamplingPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How far ahead a core must stay idle to count as an idle window.</summary>
    public TimeSpan Horizon { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Recent one-step forecasts over which each model's mean absolute error is taken.</summary>
    public int ErrorWindow { get; init; } = 50;

    /// <summary>One-step errors a model needs before it is trusted; also the warm-up of a new core.</summary>
    public int MinErrorSamples { get; init; } = 10;

    /// <summary>Ridge term, relative to each lag's sum of squares in the normal equations, for stability.</summary>
    public double Ridge { get; init; } = 1e-3;

    /// <summary>The error margin added to a forecast is the active model's MAE times this.</summary>
    public double ErrorMarginFactor { get; init; } = 1.0;

    /// <summary>How far a window-length estimate looks; a window still open there has no estimated end.</summary>
    public TimeSpan Lookahead { get; init; } = TimeSpan.FromSeconds(60);

    public int HorizonSteps => StepsFor(Horizon);

    public int LookaheadSteps => Math.Max(HorizonSteps, StepsFor(Lookahead));

    /// <summary>Forecast steps that cover <paramref name="duration"/>, at least one.</summary>
    public int StepsFor(TimeSpan duration) =>
        (int)Math.Clamp(Math.Ceiling(duration.Ticks / (double)SamplingPeriod.Ticks), 1, int.MaxValue / 2);

    /// <summary>Throws on settings the predictor cannot work with.</summary>
    public PredictorOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Order, 1, nameof(Order));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Order, 32, nameof(Order));
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowSize, 3 * (Order + 1), nameof(WindowSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(RefitEvery, 1, nameof(RefitEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(ErrorWindow, 1, nameof(ErrorWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinErrorSamples, 1, nameof(MinErrorSamples));
        ArgumentOutOfRangeException.ThrowIfNegative(Ridge, nameof(Ridge));
        ArgumentOutOfRangeException.ThrowIfNegative(ErrorMarginFactor, nameof(ErrorMarginFactor));
        if (SamplingPeriod <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(SamplingPeriod), "must be positive");
        if (Horizon <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Horizon), "must be positive");
        return this;
    }
}
