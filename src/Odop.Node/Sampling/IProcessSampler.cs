namespace Odop.Node.Sampling;

/// <summary>
/// Samples chosen processes from /proc.
/// Guarantees: a process that does not exist, exits mid-sample or whose files cannot be read is
/// left out of the result (or has the unreadable fields null) — never an exception. A recycled pid
/// is recognised by its start time and measured afresh. State for pids not asked for in a sample is
/// dropped. Not thread-safe: one caller samples at a time.
/// </summary>
public interface IProcessSampler : IDisposable
{
    /// <summary>Samples each query in order; absent processes are missing from the list.</summary>
    IReadOnlyList<ProcessSample> Sample(IReadOnlyList<ProcessQuery> queries);
}
