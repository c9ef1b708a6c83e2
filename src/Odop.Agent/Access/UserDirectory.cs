using System.Text.RegularExpressions;
using Odop.Store;

namespace Odop.Agent.Access;

/// <summary>
/// The agent's users. The store is the durable copy; this in-memory copy is what every call is checked
/// against, changed only after the store accepted the change, so a revoke takes effect on the very next call.
/// </summary>
public sealed partial class UserDirectory
{
    private readonly IAccessStore _store;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private List<StoredUser> _users = [];

    private UserDirectory(IAccessStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
    }

    public static async Task<UserDirectory> LoadAsync(IAccessStore store, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var directory = new UserDirectory(store, clock);
        directory._users = [.. await store.UsersAsync(cancellationToken)];
        return directory;
    }

    /// <summary>
    /// On the first start (no user at all) creates the admin user and returns its token, to be shown once;
    /// null when users already exist.
    /// </summary>
    public async Task<string?> EnsureAdminAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) if (_users.Count > 0) return null;
        return (await CreateAsync(Caller.SocketOwnerName, new HashSet<Capability> { Capability.Admin }, cancellationToken)).Token;
    }

    /// <summary>The user whose token this is; null for an unknown or revoked token. Every active user is compared, in constant time each.</summary>
    public Caller? Authenticate(string token)
    {
        var hash = Tokens.Hash(token);
        StoredUser? found = null;
        lock (_gate)
            foreach (var user in _users)
                if (Tokens.Matches(hash, user.TokenHash) && !user.Revoked) found = user;
        return found is null ? null : new Caller(found.Name, ParseStored(found));
    }

    public async Task<(StoredUser User, string Token)> CreateAsync(string name, IReadOnlySet<Capability> capabilities, CancellationToken cancellationToken = default)
    {
        if (!ValidName().IsMatch(name))
            throw new ArgumentException($"name: '{name}' is not a user name (letters, digits, '.', '_', '-'; at most 64)");
        var token = Tokens.New();
        var user = new StoredUser(name, [.. capabilities.Select(c => c.Name())], Tokens.Hash(token), _clock.GetUtcNow());
        if (!await _store.AddUserAsync(user, cancellationToken))
            throw new InvalidOperationException($"a user named '{name}' already exists (revoke it first to give it a new token)");
        lock (_gate) _users = [.. _users.Where(u => u.Name != name), user];
        return (user, token);
    }

    public async Task<StoredUser> RevokeAsync(string name, CancellationToken cancellationToken = default)
    {
        var at = _clock.GetUtcNow();
        if (!await _store.RevokeUserAsync(name, at, cancellationToken))
            throw new KeyNotFoundException($"no active user named '{name}'");
        lock (_gate)
        {
            var user = _users.Single(u => u.Name == name) with { RevokedAt = at };
            _users = [.. _users.Where(u => u.Name != name), user];
            return user;
        }
    }

    public IReadOnlyList<StoredUser> List()
    {
        lock (_gate) return [.. _users.OrderBy(u => u.Name, StringComparer.Ordinal)];
    }

    private static HashSet<Capability> ParseStored(StoredUser user) =>
        [.. user.Capabilities.Select(n => Capabilities.TryParse(n, out var c) ? c : (Capability?)null).OfType<Capability>()];

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ValidName();
}
