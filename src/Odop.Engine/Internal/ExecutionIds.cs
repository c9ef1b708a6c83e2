namespace Odop.Engine.Internal;

/// <summary>Execution ids become file names (&lt;id&gt;.out), so they must not be able to leave the log folder.</summary>
internal static class ExecutionIds
{
    internal static void Validate(string id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 200 || id[0] == '.' ||
            !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            throw new ArgumentException($"execution id '{id}' must be 1-200 of [A-Za-z0-9._:-] and not start with '.'", nameof(id));
    }
}
