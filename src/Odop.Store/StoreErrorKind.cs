namespace Odop.Store;

/// <summary>Why the store refused to work; each kind leaves the data as it was.</summary>
public enum StoreErrorKind
{
    /// <summary>The file is not an SQLite database, is corrupt, or belongs to another program. It is never recreated.</summary>
    NotAnOdopDatabase,

    /// <summary>The file was written by a newer Odop whose schema this build does not know.</summary>
    NewerSchema,

    /// <summary>Another process or connection held a lock past the busy timeout.</summary>
    Locked,

    /// <summary>The disk (or the configured size cap) is full; the transaction was rolled back whole.</summary>
    Full,

    /// <summary>The file cannot be opened or written: permissions, a read-only file system, a missing folder.</summary>
    CannotWrite,

    /// <summary>Any other I/O or SQLite failure.</summary>
    Other,
}
