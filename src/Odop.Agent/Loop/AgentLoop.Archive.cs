using Odop.Archiving;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    private ArchiveDispatcher? _archive;

    public void AttachArchive(ArchiveDispatcher? archive) => _archive = archive;

    /// <summary>
    /// Hands a finished execution's record to the archivers. Only a snapshot is taken here: the dispatcher's
    /// own worker does the disk and network work, so the loop never waits on archiving.
    /// </summary>
    private void Archive(TrackedExecution execution) =>
        _archive?.Submit(ResultRecords.From(execution.Record, execution.Profile, Now, execution.StdoutPath, execution.StderrPath));
}
