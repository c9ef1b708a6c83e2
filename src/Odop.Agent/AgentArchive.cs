using Microsoft.Extensions.Logging;
using Odop.Archiving;
using Odop.Core;
using Odop.Store;

namespace Odop.Agent;

/// <summary>Builds the agent's archive dispatcher from its options: which backlog, and how records learn their result locations.</summary>
internal static class AgentArchive
{
    public static ArchiveDispatcher? Create(AgentOptions options, IExecutionStore store, TimeProvider clock, ILoggerFactory loggers)
    {
        if (options.Archivers is not { Archivers.Count: > 0 } config) return null;
        var logger = loggers.CreateLogger("Odop.Agent.Archiving");
        var backlog = (config.BacklogPath ?? (options.StorePath is { } path ? ArchiveBacklog.BesideStore(path) : null)) is { } file
            ? ArchiveBacklog.OpenFile(file)
            : ArchiveBacklog.InMemory();
        return new ArchiveDispatcher(config.Archivers, backlog, clock, logger, async (record, ct) =>
        {
            // Off the loop, on the dispatcher's worker: the store is safe to read from any thread.
            if (!ExecutionId.TryParse(record.ExecutionId, out var id)) return record;
            var results = await store.ResultsAsync(id, ct);
            return results.Count == 0 ? record : record with { Results = results.Select(r => new ArchivedResult(r.Kind, r.Location)).ToList() };
        });
    }
}
