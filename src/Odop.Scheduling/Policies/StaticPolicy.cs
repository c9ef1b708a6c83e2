using Odop.Core.Hardware;
using Odop.Scheduling.Admission;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling.Policies;

/// <summary>
/// "static": a core is free when no simulation rank is bound to it, it is not excluded, and no side task
/// holds it; the lowest free ids are taken. Load is not looked at, nothing is predicted or preempted.
/// A forced start may also take a core a rank is bound to, never one a side task holds.
/// </summary>
internal sealed class StaticPolicy(SchedulerOptions options, TaskBook book) : IPolicy
{
    public SchedulingDecision Decide(SchedulingInput input)
    {
        var decision = new DecisionBuilder(options.MaxExplainedRefusals);
        var free = new List<int>();
        var unleased = new List<int>();
        foreach (var core in input.Node.UsableCpus.Ids)
        {
            if (input.Node.ExcludedCpus.Contains(core) || book.IsLeased(core)) continue;
            unleased.Add(core);
            if (!input.Node.SimulationCpus.Contains(core)) free.Add(core);
        }

        foreach (var request in input.Queue)
        {
            if (book.Contains(request.ExecutionId)) continue;
            if (!ClassRule.Admits(request.Class, book))
            {
                if (decision.Explains) decision.Refuse(request.ExecutionId, ClassRule.Name, ClassRule.Explain(request.Class, book));
                else decision.Refuse();
                continue;
            }
            var pool = request.Forced ? unleased : free;
            var need = request.CoresNeeded;
            if (pool.Count < need)
            {
                if (decision.Explains)
                    decision.Refuse(request.ExecutionId, "static", $"needs {need} core(s) no rank is bound to and no side task holds; {pool.Count} free");
                else decision.Refuse();
                if (!request.Forced && free.Count == 0) break; // nothing else can fit this round
                continue;
            }
            var cpus = CpuSet.Of(pool.Take(need));
            free.RemoveAll(cpus.Contains);
            unleased.RemoveAll(cpus.Contains);
            book.Add(request.ExecutionId, need, request.MemoryBytes, request.Forced, cpus, input.Now, request.Class);
            decision.Add(new Start(request.ExecutionId, cpus, request.Forced ? $"started by user on {cpus}" : $"static: CPUs {cpus} are set aside for side tasks"));
        }
        return decision.Build(RoundSummary.None);
    }
}
