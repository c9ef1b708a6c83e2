using System.Text;

namespace Odop.Archiving.Archivers;

/// <summary>
/// Appends each record as one JSON object on one line, synced to disk before the call returns. A crash after
/// the write but before the backlog hears of it sends the record again: readers should keep the last line per
/// execution_id. A line cut short by a crash is closed before the next one, so it never swallows the next record.
/// </summary>
internal sealed class JsonLinesArchiver(string name, string path) : IResultArchiver
{
    public string Name { get; } = name;
    public string Path { get; } = path;

    public ValueTask ArchiveAsync(ResultRecord record, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var line = record.ToJson().ToJsonString() + "\n";
        var bytes = Encoding.UTF8.GetBytes(EndsCleanly(stream) ? line : "\n" + line);
        stream.Seek(0, SeekOrigin.End);
        stream.Write(bytes);
        // Crash point: until this returns the line may not be on disk; the backlog still holds the record.
        stream.Flush(flushToDisk: true);
        return ValueTask.CompletedTask;
    }

    private static bool EndsCleanly(FileStream stream)
    {
        if (stream.Length == 0) return true;
        stream.Seek(-1, SeekOrigin.End);
        return stream.ReadByte() == '\n';
    }
}
