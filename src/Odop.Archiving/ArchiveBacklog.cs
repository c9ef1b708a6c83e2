using Odop.Archiving.Internal;

namespace Odop.Archiving;

/// <summary>Makes backlogs: an SQLite file (survives restarts) or memory (for an agent without a store).</summary>
public static class ArchiveBacklog
{
    public static IArchiveBacklog OpenFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new SqliteArchiveBacklog(path);
    }

    public static IArchiveBacklog InMemory() => new SqliteArchiveBacklog(":memory:");

    /// <summary>Where the agent keeps the backlog when the archivers file names none: next to its store.</summary>
    public static string BesideStore(string storePath) => storePath + ".archive-backlog";
}
