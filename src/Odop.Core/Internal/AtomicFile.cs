using System.Text;

namespace Odop.Core.Internal;

/// <summary>Replaces a file's content so that a crash at any point leaves either the old or the new content.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        var full = Path.GetFullPath(path);
        // Same folder as the target: rename is only atomic within one file system.
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
                // Crash point: before this flush the new content may not be on disk; the target is untouched.
                stream.Flush(flushToDisk: true);
            }
            KeepPermissions(full, temp);
            // Crash point: rename(2) either happened or not; the target is whole either way.
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    // A profile someone made read-only for others should stay so after we rewrite it.
    private static void KeepPermissions(string target, string temp)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(target)) return;
        File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
    }
}
