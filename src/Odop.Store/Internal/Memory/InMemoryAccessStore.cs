using Odop.Core;

namespace Odop.Store.Internal.Memory;

/// <summary>The access store in process memory: one lock, nothing survives the process.</summary>
internal sealed class InMemoryAccessStore : IAccessStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, StoredUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredLease> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    public Task<bool> AddUserAsync(StoredUser user, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_users.TryGetValue(user.Name, out var known) && !known.Revoked) return Task.FromResult(false);
            _users[user.Name] = user with { TokenHash = [.. user.TokenHash] };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<StoredUser>> UsersAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<StoredUser>>([.. _users.Values]);
    }

    public Task<bool> RevokeUserAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_users.TryGetValue(name, out var known) || known.Revoked) return Task.FromResult(false);
            _users[name] = known with { RevokedAt = at };
            return Task.FromResult(true);
        }
    }

    public Task SaveLeaseAsync(StoredLease lease, CancellationToken cancellationToken = default)
    {
        lock (_gate) _leases[lease.Id] = lease;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredLease>> LeasesAsync(bool includeEnded, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<StoredLease>>(
                [.. _leases.Values.Where(l => includeEnded || !l.Ended).OrderBy(l => l.AcquiredAt).ThenBy(l => l.Id, StringComparer.Ordinal)]);
    }

    public Task RecordOwnersAsync(IReadOnlyList<(ExecutionId Id, string Owner)> owners, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            foreach (var (id, owner) in owners) _owners.TryAdd(id.Value, owner);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, string>> OwnersAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(_owners, StringComparer.Ordinal));
    }

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
