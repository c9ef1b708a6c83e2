using Odop.Core.Hardware;

namespace Odop.Agent.Tests.Support;

internal static class TestCpus
{
    /// <summary>Excluding all but one of this process's CPUs leaves side tasks exactly one core.</summary>
    public static CpuSet AllButOne()
    {
        var usable = Odop.Node.Affinity.OfCurrentProcess();
        return usable.Except(usable.Take(1));
    }
}
