using System.Collections.Concurrent;

namespace Odop.Archiving.Tests.Support;

/// <summary>An archiver that keeps what it is given, or fails while <see cref="Failing"/> is set.</summary>
internal sealed class CollectingArchiver(string name = "collect") : IResultArchiver
{
    public string Name { get; } = name;
    public bool Failing { get; set; }
    public ConcurrentQueue<ResultRecord> Received { get; } = new();

    public ValueTask ArchiveAsync(ResultRecord record, CancellationToken cancellationToken)
    {
        if (Failing) throw new IOException("target unreachable");
        Received.Enqueue(record);
        return ValueTask.CompletedTask;
    }
}
