namespace Odop.Node.Sampling;

/// <summary>
/// Samples node-wide CPU, memory, load, network and GPU usage.
/// Guarantees: <see cref="Sample"/> never throws for missing or unreadable files — a part that
/// cannot be read comes back empty or zero; it never waits for nvidia-smi (that runs in the
/// background at most once per interval). Utilisation and rates of the first sample cover the time
/// since the sampler was created. Not thread-safe: one caller samples at a time.
/// </summary>
public interface ISystemSampler : IDisposable
{
    SystemSample Sample();
}
