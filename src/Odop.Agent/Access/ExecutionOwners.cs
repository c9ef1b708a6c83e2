using System.Collections.Concurrent;
using Odop.Core;
using Odop.Store;

namespace Odop.Agent.Access;

/// <summary>
/// Who enqueued each execution, and what each user has not finished yet (for the limits). The owner is
/// written to the store before the execution is enqueued, so an acknowledged execution always has one.
/// </summary>
public sealed class ExecutionOwners(IAccessStore store)
{
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    // Per user: unfinished executions (queued or live) with their task and cores, as limits count them.
    private readonly Dictionary<string, Dictionary<string, UnfinishedExecution>> _unfinished = new(StringComparer.Ordinal);

    public async Task LoadAsync(IEnumerable<(string Id, string Task, double Cores)> unfinished, CancellationToken cancellationToken)
    {
        foreach (var (id, owner) in await store.OwnersAsync(cancellationToken)) _owners[id] = owner;
        lock (_gate)
            foreach (var (id, task, cores) in unfinished)
                Track(OwnerOf(id), id, new UnfinishedExecution(task, cores));
    }

    /// <summary>
    /// The user who enqueued it. The socket owner's executions (and those from before access control) have no
    /// stored owner and belong to <see cref="Caller.SocketOwnerName"/>: the main job's enqueues cost no extra write.
    /// </summary>
    public string OwnerOf(string executionId) => _owners.TryGetValue(executionId, out var owner) ? owner : Caller.SocketOwnerName;

    /// <summary>
    /// Admits new executions for <paramref name="caller"/>: under one lock, <paramref name="check"/> sees what the
    /// user has unfinished and may throw to refuse; admitted ones count as unfinished at once (so two racing
    /// enqueues cannot both slip under a limit) and their owner is stored. Ids already known are left alone.
    /// Returns the admitted ids: <see cref="Withdraw"/> them if the enqueue then fails.
    /// </summary>
    public async Task<IReadOnlyList<string>> AdmitAsync(Caller caller, IReadOnlyList<(ExecutionId Id, string Task, double Cores)> elements,
        Action<IReadOnlyCollection<UnfinishedExecution>, IReadOnlyList<UnfinishedExecution>> check, CancellationToken cancellationToken)
    {
        // Admins are not limited, and the socket owner's executions are owned by default.
        if (caller.Name == Caller.SocketOwnerName && caller.IsAdmin) return [];
        List<(ExecutionId Id, string Task, double Cores)> fresh;
        lock (_gate)
        {
            fresh = [.. elements.Where(e => !_owners.ContainsKey(e.Id.Value)).DistinctBy(e => e.Id)];
            var current = _unfinished.TryGetValue(caller.Name, out var mine) ? (IReadOnlyCollection<UnfinishedExecution>)mine.Values : [];
            check(current, [.. fresh.Select(e => new UnfinishedExecution(e.Task, e.Cores))]);
            foreach (var (id, task, cores) in fresh) Track(caller.Name, id.Value, new UnfinishedExecution(task, cores));
        }
        try
        {
            await store.RecordOwnersAsync([.. fresh.Select(e => (e.Id, caller.Name))], cancellationToken);
        }
        catch
        {
            Withdraw([.. fresh.Select(e => e.Id.Value)]);
            throw;
        }
        foreach (var (id, _, _) in fresh) _owners.TryAdd(id.Value, caller.Name);
        return [.. fresh.Select(e => e.Id.Value)];
    }

    /// <summary>The execution reached a terminal state: it no longer counts against its owner's limits.</summary>
    public void Finished(string executionId) => Withdraw([executionId]);

    private void Track(string owner, string id, UnfinishedExecution execution)
    {
        if (!_unfinished.TryGetValue(owner, out var mine)) _unfinished[owner] = mine = new(StringComparer.Ordinal);
        mine[id] = execution;
    }

    /// <summary>Stops counting these executions against their owner's limits.</summary>
    public void Withdraw(IReadOnlyList<string> ids)
    {
        lock (_gate)
            foreach (var id in ids)
                foreach (var mine in _unfinished.Values)
                    if (mine.Remove(id)) break;
    }
}

/// <summary>One of a user's executions that has not finished: its task (name) and the cores it asks for.</summary>
public sealed record UnfinishedExecution(string Task, double Cores);
