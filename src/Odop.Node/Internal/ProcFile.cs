using Microsoft.Win32.SafeHandles;

namespace Odop.Node.Internal;

/// <summary>
/// Reads small /proc files into a per-thread buffer. A process can exit between any two reads, so
/// "gone" (ENOENT, ESRCH), "not allowed" and "not readable" all come back as false, never as exceptions.
/// </summary>
internal static class ProcFile
{
    [ThreadStatic] private static byte[]? t_buffer;

    /// <summary>The file's bytes; valid until the next call on this thread.</summary>
    internal static bool TryRead(string path, out ReadOnlySpan<byte> content)
    {
        content = default;
        var buffer = t_buffer ??= new byte[4096];
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var length = 0;
            while (true)
            {
                if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
                if (read == 0) break;
                length += read;
            }
            t_buffer = buffer;
            content = buffer.AsSpan(0, length);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // FileNotFound/DirectoryNotFound are IOExceptions too; ESRCH surfaces as IOException
        }
    }

    internal static string PathOf(int pid, string file) => $"/proc/{pid}/{file}";

    /// <summary>The same under another proc root (a fake one in tests).</summary>
    internal static string PathOf(string procRoot, int pid, string file) =>
        Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), file);
}
