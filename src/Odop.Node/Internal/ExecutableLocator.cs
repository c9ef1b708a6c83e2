using Odop.Node.Processes;

namespace Odop.Node.Internal;

/// <summary>
/// Resolves argv[0] the way a shell would, but with the child's PATH and working directory:
/// posix_spawnp would search the engine's own PATH instead.
/// </summary>
internal static class ExecutableLocator
{
    internal static string Resolve(string program, string workingDirectory, string? path)
    {
        if (program.Length == 0) throw new LaunchException("the program name (argv[0]) is empty");
        if (program.Contains('/'))
        {
            var full = Path.GetFullPath(program, workingDirectory);
            if (Directory.Exists(full))
                throw new LaunchException($"'{full}' is a directory, not an executable", full);
            if (!File.Exists(full))
                throw new LaunchException($"executable '{full}' does not exist", full);
            if (!IsExecutable(full))
                throw new LaunchException($"'{full}' is not executable (no execute permission)", full);
            return full;
        }

        foreach (var dir in (path ?? "/usr/local/bin:/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(dir.Length == 0 ? workingDirectory : Path.GetFullPath(dir, workingDirectory), program);
            if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
        }
        throw new LaunchException($"executable '{program}' not found on PATH '{path}'", program);
    }

    // access(2) answers for this user, the way exec will (root included).
    private static bool IsExecutable(string file) => Libc.access(file, Libc.X_OK) == 0;
}
