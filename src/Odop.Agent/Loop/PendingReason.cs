namespace Odop.Agent.Loop;

/// <summary>
/// Why a change on its way to the engine was asked for: set when the call is sent, taken once by the transition
/// the engine's confirmation makes, so a later change of the same kind never inherits it.
/// </summary>
internal sealed class PendingReason
{
    private string? _text;

    public void Set(string text) => _text = text;

    /// <summary>The reason set since the last take, or <paramref name="fallback"/>; either way the slot is empty after.</summary>
    public string Take(string fallback)
    {
        var text = _text ?? fallback;
        _text = null;
        return text;
    }
}
