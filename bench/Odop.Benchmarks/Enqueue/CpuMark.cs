using System.Diagnostics;
using Odop.Node.Proc;

namespace Odop.Benchmarks.Enqueue;

/// <summary>CPU time of the agent process and of this one at an instant: the cost per element of a measured phase is the difference.</summary>
internal readonly record struct CpuMark(double AgentMicros, double ClientMicros)
{
    public static CpuMark Now(int agentPid) => new(
        ProcStat.Read(agentPid)!.CpuTicks * 1e6 / ProcStat.TicksPerSecond,
        Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds);
}
