using Odop.Core.Hardware;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling.Policies;

/// <summary>Baseline "naive": every queued execution starts at once, unpinned; nothing is ever preempted.</summary>
internal sealed class NaivePolicy(TaskBook book) : IPolicy
{
    public SchedulingDecision Decide(SchedulingInput input)
    {
        var decision = new DecisionBuilder(0);
        foreach (var request in input.Queue)
        {
            if (book.Contains(request.ExecutionId)) continue;
            book.Add(request.ExecutionId, request.CoresNeeded, request.MemoryBytes, request.Forced, CpuSet.Empty, input.Now);
            decision.Add(new Start(request.ExecutionId, CpuSet.Empty, "naive: start at once, unpinned"));
        }
        return decision.Build(RoundSummary.None);
    }
}
