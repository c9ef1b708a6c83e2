using System.Diagnostics.CodeAnalysis;

namespace Odop.Core.Profiles;

/// <summary>
/// Measurement integrity (our extra key <c>class</c>): who an execution may share the node's side-task
/// cores with. An exclusive one runs with no other non-background side task; a normal one never beside
/// an exclusive one; a background one ignores both rules.
/// </summary>
public enum ExecutionClass
{
    Normal,
    Exclusive,
    Background,
}

/// <summary>The names classes have in profiles, queue elements and the store.</summary>
public static class ExecutionClassNames
{
    /// <summary>Every name, for error messages: "exclusive, normal, background".</summary>
    public const string All = "exclusive, normal, background";

    public static string ToName(this ExecutionClass value) => value switch
    {
        ExecutionClass.Exclusive => "exclusive",
        ExecutionClass.Background => "background",
        _ => "normal",
    };

    public static bool TryParse([NotNullWhen(true)] string? name, out ExecutionClass value)
    {
        switch (name)
        {
            case "normal": value = ExecutionClass.Normal; return true;
            case "exclusive": value = ExecutionClass.Exclusive; return true;
            case "background": value = ExecutionClass.Background; return true;
            default: value = ExecutionClass.Normal; return false;
        }
    }

    /// <exception cref="OdopValidationException">Not one of the names; the message names <paramref name="field"/>.</exception>
    public static ExecutionClass Parse(string? name, string field = "class") =>
        TryParse(name, out var value)
            ? value
            : throw new OdopValidationException(null, field, $"must be one of {All}, not '{name}'");
}
