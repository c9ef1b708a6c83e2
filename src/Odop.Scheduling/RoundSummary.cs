using System.Text;
using Odop.Scheduling.Admission;

namespace Odop.Scheduling;

/// <summary>
/// How one round saw the node: cores usable, and how many each core filter left, ending with the
/// candidates. Formatted only when read, so a round costs no string.
/// </summary>
public sealed class RoundSummary
{
    private readonly string[] _stages;
    private readonly int[] _left;
    private string? _text;

    internal RoundSummary(int queued, int usable, string[] stages, int[] left)
    {
        Queued = queued;
        UsableCores = usable;
        _stages = stages;
        _left = left;
    }

    public static readonly RoundSummary None = new(0, 0, [], []);

    public int Queued { get; }
    public int UsableCores { get; }

    /// <summary>Cores left after every filter: where a queued execution could go.</summary>
    public int Candidates => _left.Length == 0 ? UsableCores : _left[^1];

    /// <summary>Each core filter with the number of cores left after it, in chain order.</summary>
    public IEnumerable<(string Filter, int CoresLeft)> Stages => _stages.Zip(_left);

    internal bool Same(int queued, CoreRound round, int filters)
    {
        if (queued != Queued || round.Usable.Length != UsableCores || filters != _left.Length) return false;
        for (var i = 0; i < _left.Length; i++)
            if (_left[i] != round.LeftAfter(i)) return false;
        return true;
    }

    public override string ToString() => _text ??= Format();

    private string Format()
    {
        if (_stages.Length == 0 && UsableCores == 0) return "";
        var text = new StringBuilder($"{Queued} queued; {Candidates} of {UsableCores} usable cores are candidates");
        for (var i = 0; i < _stages.Length; i++)
            text.Append(i == 0 ? " (" : ", ").Append(_stages[i]).Append(" leaves ").Append(_left[i]);
        return text.Append(_stages.Length > 0 ? ")" : "").ToString();
    }
}
