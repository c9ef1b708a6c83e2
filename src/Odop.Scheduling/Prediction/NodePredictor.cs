namespace Odop.Scheduling.Prediction;

/// <summary>One <see cref="CorePredictor"/> per core id, created on a core's first sample.</summary>
public sealed class NodePredictor
{
    private CorePredictor?[] _cores = new CorePredictor?[64];

    public NodePredictor(PredictorOptions? options = null) => Options = (options ?? new PredictorOptions()).Validated();

    public PredictorOptions Options { get; }

    /// <summary>The predictor of <paramref name="core"/>, or null before its first sample.</summary>
    public CorePredictor? this[int core] => core >= 0 && core < _cores.Length ? _cores[core] : null;

    /// <summary>Core ids that have been observed, ascending.</summary>
    public IEnumerable<int> Cores
    {
        get
        {
            for (var i = 0; i < _cores.Length; i++)
                if (_cores[i] is not null) yield return i;
        }
    }

    public void Observe(IReadOnlyList<(int Core, double Usage)> samples)
    {
        for (var i = 0; i < samples.Count; i++) Observe(samples[i].Core, samples[i].Usage);
    }

    /// <summary>Adds one core's sample; <paramref name="reclaimable"/> is taken off first (see <see cref="CorePredictor.Observe"/>).</summary>
    public void Observe(int core, double usage, double reclaimable = 0) => For(core).Observe(usage, reclaimable);

    /// <summary>True when <paramref name="core"/>'s forecast plus error margin stays under the threshold over the horizon.</summary>
    public bool IsIdleWindow(int core, double threshold = 0.2, int? horizonSteps = null) =>
        this[core]?.IsIdleWindow(threshold, horizonSteps) ?? false;

    internal CorePredictor For(int core)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(core);
        if (core >= _cores.Length) Array.Resize(ref _cores, Math.Max(core + 1, _cores.Length * 2));
        return _cores[core] ??= new CorePredictor(Options, refitPhase: core);
    }
}
