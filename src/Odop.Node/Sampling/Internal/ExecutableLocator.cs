namespace Odop.Node.Sampling.Internal;

/// <summary>Finds a program on PATH the way a shell would, without starting anything.</summary>
internal static class ExecutableLocator
{
    public static string? Find(string name, string? path = null)
    {
        if (name.Contains('/')) return IsExecutable(name) ? name : null;
        path ??= Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (IsExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static bool IsExecutable(string file)
    {
        try
        {
            if (OperatingSystem.IsWindows()) return File.Exists(file);
            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return File.Exists(file) && (File.GetUnixFileMode(file) & anyExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
