using Microsoft.Data.Sqlite;

namespace Odop.Store.Internal.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on its own thread and connection, so that no
/// COMMIT pays for it. Left to SQLite, every 1,000th page committed runs the checkpoint inside the
/// COMMIT that crosses the line: two syncs and a page copy, 1–16 ms added to one enqueue in about
/// 150. The writer keeps SQLite's own checkpoint only as a bound on the log, far above where this
/// one runs (<see cref="WriterFallbackPages"/>).
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    /// <summary>The writer's wal_autocheckpoint: reached only if checkpoints here fall behind or fail.</summary>
    public const int WriterFallbackPages = 20_000;

    /// <summary>Log frames (pages) past which commits are held for a moment so the log can start over (about 8 MB).</summary>
    public const int RestartAtFrames = 2_000;

    /// <summary>Few enough frames left to copy while commits are held: about 1 ms of copying.</summary>
    private const int CatchUpFrames = 100;

    /// <summary>Commits that start a checkpoint at once (a single enqueue writes about 5 pages).</summary>
    private const int CommitsPerCheckpoint = 150;

    /// <summary>How long fewer commits than that wait for their checkpoint.</summary>
    private static readonly TimeSpan IdleDelay = TimeSpan.FromSeconds(5);

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _writes;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread _thread;
    private int _commits;
    private volatile bool _stopping;

    /// <param name="connection">A connection of its own to the store's file, used only here.</param>
    /// <param name="writes">The store's write gate: held only to let the log start over.</param>
    public WalCheckpointer(SqliteConnection connection, SemaphoreSlim writes)
    {
        _connection = connection;
        _writes = writes;
        _thread = new Thread(Run) { IsBackground = true, Name = "odop-checkpoint" };
        _thread.Start();
    }

    /// <summary>Called by the writer after each COMMIT; cheap, never blocks.</summary>
    public void Committed()
    {
        if (Interlocked.Increment(ref _commits) == CommitsPerCheckpoint) _wake.Release();
    }

    private void Run()
    {
        while (!_stopping)
        {
            _wake.Wait(IdleDelay);
            if (_stopping || Interlocked.Exchange(ref _commits, 0) == 0) continue;
            try
            {
                CheckpointOnce();
            }
            catch (SqliteException)
            {
                // A full disk or an I/O error: the log still holds every commit, reads still see them,
                // and the next checkpoint (here, the writer's fallback, or closing the store) tries again.
            }
        }
    }

    private void CheckpointOnce()
    {
        // PASSIVE copies what is committed while commits go on.
        var frames = Checkpoint();
        if (frames < RestartAtFrames) return;
        // The log starts over only if a commit finds it wholly copied, which commits made during the
        // copy prevent: left alone it only grows. Catch up while commits go on, then hold them for
        // the few frames left; the next commit writes the log from its start.
        for (var pass = 0; pass < 3; pass++)
        {
            var before = frames;
            frames = Checkpoint();
            if (frames - before < CatchUpFrames) break;
        }
        _writes.Wait();
        try
        {
            Checkpoint();
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>One PASSIVE checkpoint; returns the frames in the log.</summary>
    private long Checkpoint()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : 0;
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Release();
        _thread.Join();
        _connection.Dispose();
        _wake.Dispose();
    }
}
