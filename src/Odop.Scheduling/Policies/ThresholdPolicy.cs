using System.Globalization;
using Odop.Core.Hardware;
using Odop.Scheduling.Admission;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling.Policies;

/// <summary>
/// Baseline "threshold", the original ODOP rule: a core is free when its last sample (total usage)
/// is under the limit (10%) and no side task holds it; the lowest free ids are taken. No prediction,
/// no memory or time check, no preemption.
/// </summary>
internal sealed class ThresholdPolicy(SchedulerOptions options, TaskBook book) : IPolicy
{
    private double[] _usage = new double[64];
    private bool[] _seen = new bool[64];

    public SchedulingDecision Decide(SchedulingInput input)
    {
        foreach (var sample in input.Samples) Record(sample);
        var decision = new DecisionBuilder(options.MaxExplainedRefusals);
        var usable = input.Node.UsableCpus.Ids;
        var free = new List<int>();
        var unleased = new List<int>();
        foreach (var core in usable)
        {
            if (input.Node.ExcludedCpus.Contains(core) || book.IsLeased(core)) continue;
            unleased.Add(core);
            if (core < _seen.Length && _seen[core] && _usage[core] < options.ThresholdPolicyLimit) free.Add(core);
        }

        foreach (var request in input.Queue)
        {
            if (!book.Contains(request.ExecutionId) && !ClassRule.Admits(request.Class, book))
            {
                if (decision.Explains) decision.Refuse(request.ExecutionId, ClassRule.Name, ClassRule.Explain(request.Class, book));
                else decision.Refuse();
                continue;
            }
            var pool = request.Forced ? unleased : free;
            var need = request.CoresNeeded;
            var nothingLeft = !request.Forced && free.Count == 0; // forced requests come first
            if (nothingLeft && decision.Refused > 0) break;
            if (pool.Count < need)
            {
                if (decision.Explains)
                    decision.Refuse(request.ExecutionId, "threshold", string.Create(CultureInfo.InvariantCulture,
                        $"needs {need} core(s) whose last sample is under {options.ThresholdPolicyLimit * 100:G3}%; {pool.Count} are"));
                else decision.Refuse();
                if (nothingLeft) break; // the first waiting request got its reason; nothing else can fit
                continue;
            }
            if (book.Contains(request.ExecutionId)) continue;
            var cpus = CpuSet.Of(pool.Take(need));
            free.RemoveAll(cpus.Contains);
            unleased.RemoveAll(cpus.Contains);
            book.Add(request.ExecutionId, need, request.MemoryBytes, request.Forced, cpus, input.Now, request.Class);
            decision.Add(new Start(request.ExecutionId, cpus, string.Create(CultureInfo.InvariantCulture,
                $"threshold: last sample under {options.ThresholdPolicyLimit * 100:G3}% on {cpus}")));
        }
        return decision.Build(RoundSummary.None);
    }

    private void Record(CoreSample sample)
    {
        if (sample.Core < 0) return;
        if (sample.Core >= _usage.Length)
        {
            Array.Resize(ref _usage, Math.Max(sample.Core + 1, _usage.Length * 2));
            Array.Resize(ref _seen, _usage.Length);
        }
        _usage[sample.Core] = sample.Usage;
        _seen[sample.Core] = true;
    }
}
