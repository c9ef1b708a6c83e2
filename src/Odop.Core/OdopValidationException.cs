namespace Odop.Core;

/// <summary>
/// Something we were given (a profile file, a queue element, a quantity) does not say what it must.
/// Every parse error in Odop is one of these, so a person always learns which file, which field
/// and what was wrong, e.g. <c>profiles/reduce.json: execution_requirement.cpus.min: '5x' is not a CPU quantity (...)</c>.
/// </summary>
public sealed class OdopValidationException : Exception
{
    public OdopValidationException(string? file, string field, string problem, Exception? innerException = null)
        : this(file, field, problem, line: null, position: null, innerException)
    {
    }

    public OdopValidationException(string? file, string field, string problem, long? line, long? position, Exception? innerException = null)
        : base(Describe(file, field, problem, line, position), innerException)
    {
        File = file;
        Field = field;
        Problem = problem;
        Line = line;
        Position = position;
    }

    /// <summary>The file the text came from, or null when it did not come from a file.</summary>
    public string? File { get; }

    /// <summary>A JSON path such as <c>execution_requirement.cpus.min</c>; empty for the document as a whole.</summary>
    public string Field { get; }

    /// <summary>What is wrong, without the file and field.</summary>
    public string Problem { get; }

    /// <summary>1-based line of a JSON syntax error; null for errors found after parsing.</summary>
    public long? Line { get; }

    /// <summary>1-based byte position in <see cref="Line"/> of a JSON syntax error.</summary>
    public long? Position { get; }

    /// <summary>The same error attributed to <paramref name="file"/>; lower layers parse without knowing the file.</summary>
    internal OdopValidationException InFile(string? file) =>
        file is null || File is not null ? this : new OdopValidationException(file, Field, Problem, Line, Position, InnerException);

    private static string Describe(string? file, string field, string problem, long? line, long? position)
    {
        var parts = new List<string>(4);
        if (!string.IsNullOrEmpty(file)) parts.Add(file);
        if (line is not null) parts.Add(position is null ? $"line {line}" : $"line {line}, position {position}");
        if (!string.IsNullOrEmpty(field)) parts.Add(field);
        parts.Add(problem);
        return string.Join(": ", parts);
    }
}
