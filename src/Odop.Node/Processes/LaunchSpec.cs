using Odop.Core.Hardware;

namespace Odop.Node.Processes;

/// <summary>Everything a task process gets before its first instruction.</summary>
public sealed record LaunchSpec
{
    /// <summary>argv; argv[0] without a slash is searched on the PATH of <see cref="Environment"/>.</summary>
    public required IReadOnlyList<string> Argv { get; init; }

    public required string WorkingDirectory { get; init; }

    /// <summary>The complete environment of the child (nothing is inherited from the engine).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>CPU affinity of the child; null inherits the engine's.</summary>
    public CpuSet? Cpus { get; init; }

    /// <summary>Run under SCHED_IDLE so any other work on the core goes first.</summary>
    public bool IdleScheduling { get; init; }

    /// <summary>Appended to (created if missing). May equal <see cref="StderrPath"/>.</summary>
    public required string StdoutPath { get; init; }

    public required string StderrPath { get; init; }
}
