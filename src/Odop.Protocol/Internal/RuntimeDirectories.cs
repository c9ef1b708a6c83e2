namespace Odop.Protocol.Internal;

/// <summary>The choice behind <see cref="Endpoints.RuntimeDirectory"/>, with its inputs passed in so tests can vary them.</summary>
internal static class RuntimeDirectories
{
    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <param name="xdgRuntimeDir">The value of <c>XDG_RUNTIME_DIR</c>, if any.</param>
    /// <param name="fallbackRoot"><c>/tmp</c> in production. Not <c>$TMPDIR</c>: client and server must agree on the path without sharing an environment.</param>
    /// <param name="uid">The effective uid, which makes the fallback per user.</param>
    public static string Resolve(string? xdgRuntimeDir, string fallbackRoot, uint uid)
    {
        if (!string.IsNullOrEmpty(xdgRuntimeDir) && Path.IsPathRooted(xdgRuntimeDir) && Directory.Exists(xdgRuntimeDir))
        {
            var candidate = Path.Combine(xdgRuntimeDir, "odop");
            if (TryCreatePrivate(candidate))
            {
                return candidate;
            }
        }

        var fallback = Path.Combine(fallbackRoot, "odop-" + uid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!TryCreatePrivate(fallback))
        {
            throw new IOException($"Cannot use '{fallback}' as the runtime directory: it must be a directory this user owns and can write.");
        }

        return fallback;
    }

    /// <summary>
    /// Creates the directory with mode 0700, tightening an existing one. False when that fails or nothing can be
    /// written there: a directory someone else owns in /tmp fails one of the two, so it is never used.
    /// </summary>
    private static bool TryCreatePrivate(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, PrivateMode);
                if (File.GetUnixFileMode(path) != PrivateMode)
                {
                    File.SetUnixFileMode(path, PrivateMode);
                }
            }

            var probe = Path.Combine(path, $".probe-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
