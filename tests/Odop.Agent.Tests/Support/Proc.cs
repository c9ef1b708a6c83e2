namespace Odop.Agent.Tests.Support;

/// <summary>Reads what the kernel says about a process: the tests' ground truth, independent of Odop's bookkeeping.</summary>
internal static class Proc
{
    public static string? StatusField(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return line[(field.Length + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    public static char? State(int pid) => StatusField(pid, "State") is { Length: > 0 } s ? s[0] : null;

    public static bool Exists(int pid) => Directory.Exists($"/proc/{pid}") && State(pid) is not 'Z' and not null;
}
