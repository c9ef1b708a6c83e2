namespace Odop.Scheduling.Prediction;

/// <summary>Which forecast a core's predictor trusts right now.</summary>
public enum ForecastModel
{
    /// <summary>The next values equal the last one: what the original ODOP assumed. Used until the AR model proves better.</summary>
    LastValue,

    /// <summary>The fitted autoregressive model, iterated step by step.</summary>
    Autoregressive,
}
