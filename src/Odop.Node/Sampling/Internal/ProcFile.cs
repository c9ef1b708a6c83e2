using Microsoft.Win32.SafeHandles;

namespace Odop.Node.Sampling.Internal;

/// <summary>
/// A /proc (or /sys) file kept open and re-read with pread from offset 0. The kernel's seq_file
/// regenerates the content on every read at offset 0, so one open serves every sample and the
/// path walk is paid once. A handle to /proc/&lt;pid&gt;/stat fails once that process is reaped,
/// which also makes a recycled pid visible instead of silently reading a stranger.
/// Not thread-safe; the returned span is valid until the next read.
/// </summary>
/// <param name="singleRecord">
/// The file is produced whole by one show call (single_open: stat, meminfo, loadavg,
/// &lt;pid&gt;/stat), so a read that leaves buffer space has returned all of it and the read that
/// would return 0 is skipped — half the syscalls per process. Multi-record files (net/dev) are
/// handed out about a page per read and must be read until 0.
/// </param>
internal sealed class ProcFile(string path, int initialCapacity = 1024, bool singleRecord = false) : IDisposable
{
    private SafeFileHandle? _handle;
    private byte[] _buffer = new byte[initialCapacity];

    public string Path { get; } = path;

    /// <summary>Whether a handle is held from an earlier successful open.</summary>
    public bool IsOpen => _handle is not null;

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
        var total = 0;
        while (true)
        {
            if (total == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = RandomAccess.Read(handle, _buffer.AsSpan(total), total);
            total += read;
            if (read == 0 || (singleRecord && total < _buffer.Length)) return total;
        }
    }
}
