namespace Odop.Store;

/// <summary>
/// The store could not do what was asked. The message names the database file and says what to
/// do; <see cref="Kind"/> lets callers (the CLI, the agent) react without parsing it. Whatever the
/// kind, no partial write was left behind.
/// </summary>
public sealed class OdopStoreException : Exception
{
    public OdopStoreException(StoreErrorKind kind, string databasePath, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        DatabasePath = databasePath;
    }

    public StoreErrorKind Kind { get; }

    /// <summary>The full path of the database file concerned.</summary>
    public string DatabasePath { get; }
}
