using Odop.Core;

namespace Odop.Store;

/// <summary>
/// The durable side of access control: users (token hashes), core leases, and who enqueued each
/// execution. Kept in the same SQLite file as the executions (its own tables) or in memory.
/// Every call is atomic and safe from several threads; failures of the storage throw <see cref="OdopStoreException"/>.
/// </summary>
public interface IAccessStore : IAsyncDisposable, IDisposable
{
    /// <summary>Adds a user; a revoked user of the same name is replaced. False when an active user has that name.</summary>
    Task<bool> AddUserAsync(StoredUser user, CancellationToken cancellationToken = default);

    /// <summary>Every user, revoked ones included, ordered by name.</summary>
    Task<IReadOnlyList<StoredUser>> UsersAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the user revoked; false when no active user has that name.</summary>
    Task<bool> RevokeUserAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces a lease (by id).</summary>
    Task SaveLeaseAsync(StoredLease lease, CancellationToken cancellationToken = default);

    /// <summary>Leases ordered by acquisition; ended ones only when asked.</summary>
    Task<IReadOnlyList<StoredLease>> LeasesAsync(bool includeEnded, CancellationToken cancellationToken = default);

    /// <summary>Records who enqueued each execution; an id already recorded keeps its first owner.</summary>
    Task RecordOwnersAsync(IReadOnlyList<(ExecutionId Id, string Owner)> owners, CancellationToken cancellationToken = default);

    /// <summary>Every recorded owner, by execution id.</summary>
    Task<IReadOnlyDictionary<string, string>> OwnersAsync(CancellationToken cancellationToken = default);
}
