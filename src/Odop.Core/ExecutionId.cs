using System.Diagnostics.CodeAnalysis;

namespace Odop.Core;

/// <summary>
/// Names one execution (one enqueue of a task). Printed as a lowercase UUID; parsing accepts either
/// case so ids from clients in other languages compare equal to ours.
/// </summary>
public readonly record struct ExecutionId
{
    private readonly Guid _value;

    private ExecutionId(Guid value) => _value = value;

    public static ExecutionId New() => new(Guid.NewGuid());

    public static ExecutionId From(Guid value) => new(value);

    /// <summary>The canonical text, e.g. <c>3f2b8c1e-0d4a-4c5e-9b7a-2e1f0c9d8a7b</c>.</summary>
    public string Value => _value.ToString("D");

    public Guid ToGuid() => _value;

    /// <summary>Parses the 8-4-4-4-12 hex form; <paramref name="field"/> names where the text came from in the error.</summary>
    public static ExecutionId Parse(string? text, string field = "execution_id") =>
        TryParse(text, out var id)
            ? id
            : throw new OdopValidationException(null, field,
                $"'{text}' is not a UUID (example: 3f2b8c1e-0d4a-4c5e-9b7a-2e1f0c9d8a7b)");

    public static bool TryParse([NotNullWhen(true)] string? text, out ExecutionId id)
    {
        // Only the hyphenated form: braces or bare hex would print differently than they were given.
        var ok = Guid.TryParseExact(text?.Trim(), "D", out var guid);
        id = new ExecutionId(guid);
        return ok;
    }

    public override string ToString() => Value;
}
