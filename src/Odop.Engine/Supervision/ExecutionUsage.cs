namespace Odop.Engine.Supervision;

/// <summary>
/// Measured usage of an execution's process group. While it runs: from /proc samples. At exit: the larger
/// of the samples and wait4's rusage (which covers the child and the descendants it waited for).
/// </summary>
/// <param name="PeakRssBytes">Peak of the summed resident memory of the group (or the largest single rusage peak).</param>
/// <param name="PeakThreads">Peak of the summed thread count of the group.</param>
public sealed record ExecutionUsage(double CpuSeconds, long PeakRssBytes, int PeakThreads, double WallSeconds)
{
    public static ExecutionUsage None { get; } = new(0, 0, 0, 0);
}
