using Odop.Archiving;
using Odop.Core.Executions;

namespace Odop.Agent.Loop;

internal sealed partial class AgentLoop
{
    private ArchiveDispatcher? _archive;

    public void AttachArchive(ArchiveDispatcher? archive) => _archive = archive;

    /// <summary>
    /// Hands a finished execution's record to the archivers. Only a snapshot is taken here: the dispatcher's
    /// own worker does the disk and network work, so the loop never waits on archiving.
    /// </summary>
    private void Archive(TrackedExecution execution)
    {
        if (_archive is null) return;
        var record = execution.Record;
        _archive.Submit(new ResultRecord
        {
            ExecutionId = execution.Id,
            TaskId = record.TaskId,
            TaskName = record.TaskName ?? execution.Profile.Name,
            Profile = new ArchivedProfile(execution.Profile.Name, execution.Profile.TaskId,
                execution.Profile.ToJson()["execution_requirement"] as System.Text.Json.Nodes.JsonObject ?? []),
            State = record.State.ToName(),
            Reason = record.Reason,
            ExitCode = record.ExitCode,
            Usage = record.Usage,
            EnqueuedAt = record.EnqueuedAt,
            StartedAt = record.StartedAt,
            EndedAt = record.EndedAt ?? Now,
            Attempts = record.Attempts,
            Node = record.Node,
            Placement = record.Placement.ToString(),
            StdoutPath = execution.StdoutPath,
            StderrPath = execution.StderrPath,
        });
    }
}
