namespace Odop.Agent.Access.Limits;

/// <summary>An enqueue a limits rule refused: the rule (file and index) and why, and whether it is a quota (RESOURCE_EXHAUSTED) or a ban (PERMISSION_DENIED).</summary>
public sealed record LimitsRefusal(string File, int RuleIndex, string Why, bool Quota)
{
    public override string ToString() => $"{System.IO.Path.GetFileName(File)}: rules[{RuleIndex}] ({Why})";
}
