using Odop.Core.Hardware;
using Odop.Scheduling.Admission;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling.Policies;

/// <summary>
/// Baseline "naive": every queued execution starts at once, unpinned; nothing is ever preempted. Only
/// the class rule holds (it is the user's measurement guarantee, not a placement heuristic).
/// </summary>
internal sealed class NaivePolicy(TaskBook book) : IPolicy
{
    public SchedulingDecision Decide(SchedulingInput input)
    {
        var decision = new DecisionBuilder(0);
        foreach (var request in input.Queue)
        {
            if (book.Contains(request.ExecutionId)) continue;
            if (!ClassRule.Admits(request.Class, book))
            {
                decision.Refuse();
                continue;
            }
            book.Add(request.ExecutionId, request.CoresNeeded, request.MemoryBytes, request.Forced, CpuSet.Empty, input.Now, request.Class);
            decision.Add(new Start(request.ExecutionId, CpuSet.Empty, "naive: start at once, unpinned"));
        }
        return decision.Build(RoundSummary.None);
    }
}
