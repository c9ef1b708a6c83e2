namespace Odop.Store;

/// <summary>
/// When a commit counts as done. WAL mode is always on; this picks how often the WAL is synced.
/// </summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// Every commit syncs the WAL before returning: an acknowledged enqueue survives a process kill
    /// and a power loss. Costs one fsync per transaction, which is why writes should be batched.
    /// </summary>
    Full,

    /// <summary>
    /// Commits sync only at checkpoints: an acknowledged write survives a process kill (the OS
    /// still has it) but the last transactions may be lost on a power loss or kernel crash. The
    /// file stays consistent either way. Several times faster for small unbatched writes.
    /// </summary>
    Normal,
}

/// <summary>Settings for <see cref="ExecutionStores.OpenSqlite"/>.</summary>
public sealed record SqliteStoreOptions
{
    public static readonly SqliteStoreOptions Default = new();

    /// <summary>Full by default: enqueue is acknowledged only once it is on disk.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>
    /// How long to wait for a lock another process or connection holds before failing with
    /// <see cref="StoreErrorKind.Locked"/>. Waits are at least about a second in practice.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs SQLite's quick_check when opening, so a damaged file is refused at start rather than
    /// halfway through recovery. Reads the whole file once.
    /// </summary>
    public bool CheckOnOpen { get; init; } = true;

    /// <summary>
    /// Caps the database at this many pages (SQLite's max_page_count); a write past it fails as a
    /// full disk would. Null leaves SQLite's own limit.
    /// </summary>
    public long? MaxPageCount { get; init; }
}
