using Odop.Node.Sampling.Internal;

namespace Odop.Node.Sampling;

public static class SystemSampler
{
    /// <summary>Opens the /proc files and takes the baseline the first sample's deltas start from.</summary>
    public static ISystemSampler Create(SystemSamplerOptions? options = null, TimeProvider? time = null) =>
        new ProcSystemSampler(options ?? new SystemSamplerOptions(), time ?? TimeProvider.System);
}
