using Microsoft.Extensions.Logging;
using Odop.Core.Hardware;

namespace Odop.Cli.Commands;

internal sealed record RunSettings(
    IReadOnlyList<string> Simulation,
    string ProfilesDirectory,
    string WorkDirectory,
    string? AgentSocket,
    bool Drain,
    Odop.Agent.SimulationCoreUse SimulationCores,
    TimeSpan DrainTimeout,
    CpuSet ExcludedCpus,
    TimeSpan SamplingPeriod,
    Odop.Scheduling.PolicyKind Policy,
    TimeSpan TimeLimitSlack,
    bool Json,
    LogLevel LogLevel);
