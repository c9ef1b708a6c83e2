using Odop.Agent.Access.Limits;
using Odop.Agent.Loop;
using Odop.Agent.Profiles;
using Odop.Agent.Services;
using Odop.Store;

namespace Odop.Agent.Access;

/// <summary>The agent's access-control parts, built in one place: users, owners, limits, the policy, their store.</summary>
internal sealed record AgentAccess(IAccessStore Store, UserDirectory Users, ExecutionOwners Owners, EnqueueAdmission Admission, AccessPolicy Policy,
    string? InitialAdminToken)
{
    public static async Task<AgentAccess> StartAsync(AgentOptions options, IExecutionStore executions, ProfileCatalog catalog, ExecutionEventHub hub,
        AgentLoop loop, TimeProvider clock, CancellationToken cancellationToken)
    {
        var limits = options.LimitsPath is { } limitsPath ? LimitsFile.Load(limitsPath) : null; // a bad file stops the start, naming line or field
        // Same file as the executions (tables of their own), or memory with it.
        var store = options.StorePath is { } path ? AccessStores.OpenSqlite(path) : AccessStores.InMemory();
        try
        {
            var users = await UserDirectory.LoadAsync(store, clock, cancellationToken);
            var adminToken = await users.EnsureAdminAsync(cancellationToken);
            var owners = new ExecutionOwners(store);
            var unfinished = await executions.LoadLiveAndQueuedAsync(cancellationToken);
            await owners.LoadAsync(unfinished.Queued.Concat(unfinished.Live).Concat(unfinished.Lost).Select(r =>
                (r.Id.Value, r.TaskName ?? r.TaskId, catalog.Find(r.TaskId)?.Requirement.Cpus.Min.Cores ?? 1.0)), cancellationToken);
            // A finished execution stops counting against its owner's limits before its stop is even answered.
            hub.Listen(e =>
            {
                if (e.Transition is not null && Odop.Core.Executions.ExecutionStateMachine.IsTerminal(e.Execution.State.FromProto()))
                    owners.Finished(e.Execution.ExecutionId);
            });
            loop.AttachAccessStore(store);
            await loop.RestoreLeasesAsync(cancellationToken);
            return new AgentAccess(store, users, owners, new EnqueueAdmission(owners, limits, clock), new AccessPolicy(users), adminToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }
}
