using Microsoft.Win32.SafeHandles;

namespace Odop.Node.Sampling.Internal;

/// <summary>
/// A /proc (or /sys) file kept open and re-read with pread from offset 0. The kernel's seq_file
/// regenerates the content on every read at offset 0, so one open serves every sample and the
/// path walk is paid once. A handle to /proc/&lt;pid&gt;/stat fails once that process is reaped,
/// which also makes a recycled pid visible instead of silently reading a stranger.
/// Not thread-safe; the returned span is valid until the next read.
/// </summary>
internal sealed class ProcFile(string path, int initialCapacity = 1024) : IDisposable
{
    private SafeFileHandle? _handle;
    private byte[] _buffer = new byte[initialCapacity];

    public string Path { get; } = path;

    /// <summary>Reads the whole file; false when it is missing, unreadable or its process is gone.</summary>
    public bool TryRead(out ReadOnlySpan<byte> content)
    {
        try
        {
            _handle ??= File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var length = ReadAll(_handle);
            content = _buffer.AsSpan(0, length);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Close();
            content = default;
            return false;
        }
    }

    /// <summary>Drops the handle so the next read opens the path again.</summary>
    public void Close()
    {
        _handle?.Dispose();
        _handle = null;
    }

    public void Dispose() => Close();

    private int ReadAll(SafeFileHandle handle)
    {
        // Multi-record seq files (net/dev) hand out about a page per read, so read until 0.
        var total = 0;
        while (true)
        {
            if (total == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = RandomAccess.Read(handle, _buffer.AsSpan(total), total);
            if (read == 0) return total;
            total += read;
        }
    }
}
