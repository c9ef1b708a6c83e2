namespace Odop.Archiving;

/// <summary>
/// Somewhere finished executions' <see cref="ResultRecord"/>s are kept. Implement this (and register a
/// factory for a <c>type</c> with <see cref="ArchiverRegistry.Register"/>) to add an archiver.
/// </summary>
/// <remarks>
/// <para>Guarantees the <see cref="ArchiveDispatcher"/> gives an implementation:</para>
/// <list type="bullet">
/// <item>Calls come one at a time per archiver, never concurrently, and never on the agent's event loop.</item>
/// <item>Delivery is at-least-once: the same record (same <see cref="ResultRecord.ExecutionId"/>) can be handed
/// in again after a failure, a timeout or a crash. Be idempotent on the execution id where the target allows.</item>
/// <item>The token is cancelled when the archiver's timeout passes or the agent stops.</item>
/// </list>
/// <para>What the implementation promises back: returning means the record is kept (durably, as far as the
/// target can say); throwing anything means it is not, and the record is retried with backoff.</para>
/// <para>If the archiver is <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>, the dispatcher disposes it.</para>
/// </remarks>
public interface IResultArchiver
{
    /// <summary>The name from the configuration; unique among the configured archivers.</summary>
    string Name { get; }

    ValueTask ArchiveAsync(ResultRecord record, CancellationToken cancellationToken);
}
