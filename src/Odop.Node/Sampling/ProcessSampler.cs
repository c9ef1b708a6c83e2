using Odop.Node.Sampling.Internal;

namespace Odop.Node.Sampling;

public static class ProcessSampler
{
    /// <param name="procRoot">Where procfs is mounted.</param>
    public static IProcessSampler Create(TimeProvider? time = null, string procRoot = "/proc") =>
        new ProcProcessSampler(time ?? TimeProvider.System, procRoot);
}
