using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Odop.Agent.Profiles;
using Odop.Archiving;
using Odop.Core;
using Odop.Core.Executions;
using Odop.Store;

namespace Odop.Agent;

/// <summary>
/// Builds the agent's archive dispatcher from its options: which backlog, how records learn their result
/// locations, and how executions that ended while the backlog did not hear of them are found again.
/// Both callbacks run on the dispatcher's worker, never on the agent's loop.
/// </summary>
internal static class AgentArchive
{
    public static ArchiveDispatcher? Create(AgentOptions options, IExecutionStore store, ProfileCatalog profiles, TimeProvider clock, ILoggerFactory loggers)
    {
        if (options.Archivers is not { Archivers.Count: > 0 } config) return null;
        var logger = loggers.CreateLogger("Odop.Agent.Archiving");
        var backlog = (config.BacklogPath ?? (options.StorePath is { } path ? ArchiveBacklog.BesideStore(path) : null)) is { } file
            ? ArchiveBacklog.OpenFile(file)
            : ArchiveBacklog.InMemory();
        return new ArchiveDispatcher(config.Archivers, backlog, clock, logger,
            (record, ct) => WithLocationsAsync(store, record, ct),
            (since, ct) => EndedSinceAsync(store, profiles, clock, since, ct));
    }

    /// <summary>Keeps the log paths in the store (so a record rebuilt after a crash has them) and adds every recorded location.</summary>
    private static async ValueTask<ResultRecord> WithLocationsAsync(IExecutionStore store, ResultRecord record, CancellationToken ct)
    {
        if (!ExecutionId.TryParse(record.ExecutionId, out var id)) return record;
        if (record.StdoutPath is { } stdout) await store.RecordResultAsync(id, ResultRecords.Stdout, stdout, ct);
        if (record.StderrPath is { } stderr) await store.RecordResultAsync(id, ResultRecords.Stderr, stderr, ct);
        return ResultRecords.WithLocations(record, await store.ResultsAsync(id, ct));
    }

    /// <summary>
    /// Finished executions that ended at or after <paramref name="since"/>. The store has no index on end times,
    /// so this reads every finished execution it keeps, once per agent start, off the loop.
    /// </summary>
    private static async IAsyncEnumerable<ResultRecord> EndedSinceAsync(IExecutionStore store, ProfileCatalog profiles, TimeProvider clock,
        DateTimeOffset since, [EnumeratorCancellation] CancellationToken ct)
    {
        var finished = Enum.GetValues<ExecutionState>().Where(s => s.IsTerminal()).ToList();
        foreach (var record in await store.ListAsync(new ExecutionFilter { States = finished }, ct))
        {
            if (record.EndedAt is not { } ended || ended < since) continue;
            var rebuilt = ResultRecords.From(record, profiles.Find(record.TaskId), clock.GetUtcNow());
            yield return ResultRecords.WithLocations(rebuilt, await store.ResultsAsync(record.Id, ct));
        }
    }
}
