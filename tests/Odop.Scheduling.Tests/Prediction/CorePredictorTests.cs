using Odop.Scheduling.Prediction;
using Odop.Scheduling.Simulation;

namespace Odop.Scheduling.Tests.Prediction;

public class CorePredictorTests
{
    private static CorePredictor Fed(IEnumerable<double> series, PredictorOptions? options = null)
    {
        var predictor = new CorePredictor(options);
        foreach (var usage in series) predictor.Observe(usage);
        return predictor;
    }

    [Test]
    public void Predictor_OnAPeriodicComputeCommunicateTrace_HasAtLeast30PercentLowerMaeThanLastValue()
    {
        // 400 ms compute, 200 ms halo exchange: a cycle the AR(4) model can learn and last-value cannot.
        var trace = SyntheticTraces.Bursty(1, 2_000, TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(200), seed: 7, noise: 0.02);

        var predictor = Fed(trace.Core(0));

        Assert.That(predictor.MaeAr, Is.LessThanOrEqualTo(0.7 * predictor.MaeLastValue),
            $"AR MAE {predictor.MaeAr:F3}, last-value MAE {predictor.MaeLastValue:F3}");
        Assert.That(predictor.ActiveModel, Is.EqualTo(ForecastModel.Autoregressive));
    }

    [Test]
    public void Predictor_FallsBackToLastValue_WhenTheFitForecastsWorse()
    {
        // Phases of seconds: a least-squares AR fit smears the edges and loses to "same as now".
        var trace = SyntheticTraces.Bursty(1, 2_000, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.5), seed: 7, noise: 0.01);

        var predictor = Fed(trace.Core(0));

        Assert.That(predictor.MaeAr, Is.GreaterThan(predictor.MaeLastValue));
        Assert.That(predictor.ActiveModel, Is.EqualTo(ForecastModel.LastValue));
    }

    [Test]
    public void Predictor_SeesAnIdleWindowOnAQuietCore()
    {
        var predictor = Fed(SyntheticTraces.Idle(1, 200, seed: 1).Core(0));

        Assert.That(predictor.IsIdleWindow(0.2), Is.True);
        Assert.That(predictor.IdleSteps(0.2, 600), Is.EqualTo(600), "a settled forecast has no predicted end");
    }

    [Test]
    public void Predictor_NeverSeesAnIdleWindowOnAFullyBusyCore()
    {
        var predictor = new CorePredictor();
        var idle = 0;
        foreach (var usage in SyntheticTraces.FullyBusy(1, 1_000, seed: 1).Core(0))
        {
            predictor.Observe(usage);
            if (predictor.IsIdleWindow(0.2)) idle++;
        }

        Assert.That(idle, Is.Zero);
    }

    [Test]
    public void Predictor_ReportsNoIdleWindowBeforeItHasEnoughHistory()
    {
        var predictor = Fed([0, 0, 0]);

        Assert.That(predictor.IsWarm, Is.False);
        Assert.That(predictor.IsIdleWindow(0.2), Is.False);
    }

    [Test]
    public void Predictor_OnARampUp_ForecastsTheClimbToContinue()
    {
        var predictor = Fed(SyntheticTraces.Ramp(1, 200, from: 0.05, to: 0.9, seed: 3, noise: 0.005).Core(0));

        var forecast = predictor.Forecast(20);

        Assert.That(predictor.ActiveModel, Is.EqualTo(ForecastModel.Autoregressive));
        Assert.That(forecast[^1], Is.GreaterThan(predictor.Last));
    }

    [Test]
    public void Predictor_OnARandomTrace_KeepsForecastsBetweenZeroAndOne()
    {
        var predictor = new CorePredictor();
        foreach (var usage in SyntheticTraces.Random(1, 3_000, seed: 11, step: 0.2, jumpChance: 0.1).Core(0))
        {
            predictor.Observe(usage);
            Assert.That(predictor.Forecast(30), Is.All.InRange(0.0, 1.0));
        }
        Assert.That(predictor.MaeAr, Is.Not.NaN);
        Assert.That(predictor.MaeLastValue, Is.Not.NaN);
    }

    [Test]
    public void Predictor_TakesTheReclaimableShareOffBeforeModelling()
    {
        var predictor = new CorePredictor();
        for (var i = 0; i < 50; i++) predictor.Observe(usage: 0.95, reclaimable: 0.9);

        Assert.That(predictor.Last, Is.EqualTo(0.05).Within(1e-9));
        Assert.That(predictor.IsIdleWindow(0.2), Is.True, "ranks spinning in MPI waits leave the core to side tasks");
    }

    [Test]
    public void Predictor_WithTheSameSamples_GivesTheSameForecasts()
    {
        var series = SyntheticTraces.Random(1, 500, seed: 5).Core(0);

        Assert.That(Fed(series).Forecast(20), Is.EqualTo(Fed(series).Forecast(20)));
    }

    [Test]
    public void Predictor_SlidingNormalEquations_MatchAFreshFitOfTheWindow()
    {
        var series = SyntheticTraces.Random(1, 1_015, seed: 9).Core(0);
        var predictor = Fed(series); // refits at sample 15, then every 20: the last one at 1,015

        var fresh = ArFit.Fit(series.AsSpan(series.Length - 100), order: 4, ridge: 1e-3)!;

        Assert.That(predictor.Coefficients.ToArray(), Is.EqualTo(fresh).Within(1e-9));
    }

    [Test]
    public void ArFit_RecoversTheCoefficientsOfAKnownProcess()
    {
        // y[t] = 0.1 + 0.5 y[t-1] - 0.3 y[t-2] + small noise
        var random = new Random(4);
        var series = new double[5_000];
        series[0] = series[1] = 0.12;
        for (var t = 2; t < series.Length; t++)
            series[t] = 0.1 + 0.5 * series[t - 1] - 0.3 * series[t - 2] + 0.01 * (random.NextDouble() - 0.5);

        var c = ArFit.Fit(series, order: 2, ridge: 0)!;

        Assert.That(c, Is.EqualTo(new[] { 0.1, 0.5, -0.3 }).Within(0.02));
    }

    [Test]
    public void ArFit_SolvesAFlatSeriesThanksToTheRidge()
    {
        Assert.That(ArFit.Fit(Enumerable.Repeat(0.3, 100).ToArray(), order: 4, ridge: 1e-3), Is.Not.Null);
    }
}
