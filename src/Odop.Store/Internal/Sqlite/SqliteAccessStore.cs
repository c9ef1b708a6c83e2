using Microsoft.Data.Sqlite;
using Odop.Core;
using Odop.Core.Hardware;

namespace Odop.Store.Internal.Sqlite;

/// <summary>
/// The access tables of the agent's database file, on a connection of their own. These writes are
/// rare and tiny (a user, a lease, the owners of one enqueue), so one lock and autocommit statements
/// suffice; the file's busy timeout orders them with the execution store's writer.
/// </summary>
internal sealed class SqliteAccessStore : IAccessStore
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly string _path;
    private bool _disposed;

    private SqliteAccessStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        _path = path;
    }

    public static SqliteAccessStore Open(string path, SqliteStoreOptions options)
    {
        var fullPath = Path.GetFullPath(path);
        SqliteConnection? connection = null;
        try
        {
            if (Path.GetDirectoryName(fullPath) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
            connection = DatabaseFile.OpenConnection(DatabaseFile.ConnectionString(fullPath, options), options);
            // Same checks and migration as the execution store: whichever opens first brings the layout up to date.
            DatabaseFile.PrepareWriter(connection, fullPath, options);
            return new SqliteAccessStore(connection, fullPath);
        }
        catch (SqliteException e)
        {
            connection?.Dispose();
            throw SqliteErrors.Map(e, fullPath, "opening the access tables");
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    public Task<bool> AddUserAsync(StoredUser user, CancellationToken cancellationToken = default) => Run("adding a user", () =>
    {
        // A revoked name may be given again; an active one may not.
        var changed = Execute("""
            INSERT INTO users (name, capabilities, token_hash, created_at, revoked_at) VALUES ($name, $caps, $hash, $at, NULL)
            ON CONFLICT (name) DO UPDATE SET capabilities = excluded.capabilities, token_hash = excluded.token_hash,
                created_at = excluded.created_at, revoked_at = NULL
            WHERE users.revoked_at IS NOT NULL
            """, ("$name", user.Name), ("$caps", string.Join(',', user.Capabilities)), ("$hash", user.TokenHash), ("$at", Rules.ToTicks(user.CreatedAt)));
        return changed == 1;
    });

    public Task<IReadOnlyList<StoredUser>> UsersAsync(CancellationToken cancellationToken = default) => Run<IReadOnlyList<StoredUser>>("reading users", () =>
    {
        var users = new List<StoredUser>();
        using var command = Command("SELECT name, capabilities, token_hash, created_at, revoked_at FROM users ORDER BY name");
        using var reader = command.ExecuteReader();
        while (reader.Read())
            users.Add(new StoredUser(reader.GetString(0), reader.GetString(1).Split(',', StringSplitOptions.RemoveEmptyEntries),
                (byte[])reader.GetValue(2), Rules.FromTicks(reader.GetInt64(3)), reader.IsDBNull(4) ? null : Rules.FromTicks(reader.GetInt64(4))));
        return users;
    });

    public Task<bool> RevokeUserAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default) => Run("revoking a user", () =>
        Execute("UPDATE users SET revoked_at = $at WHERE name = $name AND revoked_at IS NULL", ("$name", name), ("$at", Rules.ToTicks(at))) == 1);

    public Task SaveLeaseAsync(StoredLease lease, CancellationToken cancellationToken = default) => Run("saving a lease", () => Execute("""
        INSERT OR REPLACE INTO leases (id, owner, cpus, acquired_at, expires_at, ended_at, end_reason)
        VALUES ($id, $owner, $cpus, $acquired, $expires, $ended, $reason)
        """, ("$id", lease.Id), ("$owner", lease.Owner), ("$cpus", lease.Cpus.ToString()), ("$acquired", Rules.ToTicks(lease.AcquiredAt)),
        ("$expires", Rules.ToTicks(lease.ExpiresAt)), ("$ended", lease.EndedAt is { } e ? Rules.ToTicks(e) : null), ("$reason", lease.EndReason)));

    public Task<IReadOnlyList<StoredLease>> LeasesAsync(bool includeEnded, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<StoredLease>>("reading leases", () =>
        {
            var leases = new List<StoredLease>();
            using var command = Command("SELECT id, owner, cpus, acquired_at, expires_at, ended_at, end_reason FROM leases" +
                (includeEnded ? "" : " WHERE ended_at IS NULL") + " ORDER BY acquired_at, id");
            using var reader = command.ExecuteReader();
            while (reader.Read())
                leases.Add(new StoredLease(reader.GetString(0), reader.GetString(1), CpuSet.Parse(reader.GetString(2)),
                    Rules.FromTicks(reader.GetInt64(3)), Rules.FromTicks(reader.GetInt64(4)),
                    reader.IsDBNull(5) ? null : Rules.FromTicks(reader.GetInt64(5)), reader.IsDBNull(6) ? null : reader.GetString(6)));
            return leases;
        });

    public Task RecordOwnersAsync(IReadOnlyList<(ExecutionId Id, string Owner)> owners, CancellationToken cancellationToken = default) =>
        Run("recording owners", () =>
        {
            if (owners.Count == 0) return 0;
            Execute("BEGIN IMMEDIATE");
            try
            {
                using var command = Command("INSERT OR IGNORE INTO execution_owners (execution_id, owner) VALUES ($id, $owner)");
                var id = command.Parameters.Add("$id", SqliteType.Text);
                var owner = command.Parameters.Add("$owner", SqliteType.Text);
                foreach (var (executionId, name) in owners)
                {
                    id.Value = executionId.Value;
                    owner.Value = name;
                    command.ExecuteNonQuery();
                }
                Execute("COMMIT");
            }
            catch
            {
                if (!_connection.IsAutocommit()) Execute("ROLLBACK");
                throw;
            }
            return owners.Count;
        });

    public Task<IReadOnlyDictionary<string, string>> OwnersAsync(CancellationToken cancellationToken = default) =>
        Run<IReadOnlyDictionary<string, string>>("reading owners", () =>
        {
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            using var command = Command("SELECT execution_id, owner FROM execution_owners");
            using var reader = command.ExecuteReader();
            while (reader.Read()) owners[reader.GetString(0)] = reader.GetString(1);
            return owners;
        });

    private Task<T> Run<T>(string doing, Func<T> body)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                return Task.FromResult(body());
            }
            catch (SqliteException e)
            {
                return Task.FromException<T>(SqliteErrors.Map(e, _path, doing));
            }
        }
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _connection.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
