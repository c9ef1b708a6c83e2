using System.Globalization;
using Odop.Scheduling.Admission;
using Odop.Scheduling.Placement;
using Odop.Scheduling.Prediction;
using Odop.Scheduling.Tasks;

namespace Odop.Scheduling.Policies;

/// <summary>
/// The odop policy (DESIGN section 5). One round, in this order:
/// <list type="number">
/// <item>feed each core's load (usage that is neither ours nor reclaimable) to the predictor;</item>
/// <item>work out the round's core data once (<see cref="CoreRound"/>);</item>
/// <item>reclaim: a running task whose core the simulation now needs is moved to an idle core, else paused;</item>
/// <item>stop and requeue tasks paused too long; resume paused tasks where idle cores allow;</item>
/// <item>move tasks living in a busy core's gaps to idle cores while any is free;</item>
/// <item>walk the queue through the placement chain, stopping as soon as no core is left;</item>
/// <item>fill the gaps of busy cores, paused tasks first, then the queue (<c>OdopPolicy.Gaps.cs</c>).</item>
/// </list>
/// Running tasks come before queued ones at every step: they already hold memory and progress.
/// </summary>
internal sealed partial class OdopPolicy : IPolicy
{
    private readonly SchedulerOptions _options;
    private readonly TaskBook _book;
    private readonly NodePredictor _predictor;
    private readonly CoreLoads _loads = new();
    private readonly PlacementChain _chain;
    private readonly CoreRound _round;
    private readonly RoundNote _note = new();
    private (PlacementRequest Request, int Fingerprint, Refusal Refusal)? _head;

    public OdopPolicy(SchedulerOptions options, TaskBook book, NodePredictor predictor)
    {
        _options = options;
        _book = book;
        _predictor = predictor;
        _chain = PlacementChain.Odop(options);
        _round = new CoreRound(options, predictor, _loads, book, _chain.CoreFilters);
    }

    internal PlacementChain Chain => _chain;
    internal CoreRound Round => _round;
    internal CoreLoads Loads => _loads;

    public SchedulingDecision Decide(SchedulingInput input)
    {
        var samples = input.Samples;
        for (var i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            if (sample.Core < 0) continue;
            _predictor.Observe(sample.Core, sample.Usage - Math.Max(0, sample.SideTaskUsage), sample.Reclaimable);
            _loads.Observe(sample, _options.IdleThreshold, _options.ReuseAfterIdleSamples);
        }
        _round.Begin(input);

        var decision = new DecisionBuilder(_options.MaxExplainedRefusals);
        Reclaim(decision);
        RequeueLongPaused(decision);
        ResumePaused(decision);
        PromoteFromGaps(decision);
        PlaceQueue(input.Queue, decision);
        FillGaps(input.Queue, decision);
        return decision.Build(_note.For(_round, _chain, input.Queue.Count));
    }

    private void PlaceQueue(IReadOnlyList<PlacementRequest> queue, DecisionBuilder decision)
    {
        // Core counts only shrink while the queue is walked, so once the core filters refused a request
        // needing k cores, any later (non-forced) request needing k or more is refused without the chain.
        var refusedNeed = int.MaxValue;
        for (var i = 0; i < queue.Count; i++)
        {
            var request = queue[i];
            var view = RequestView.Of(request);
            // Forced requests come first; past them, a round with no candidate core has nothing to give.
            // The first request that waits still gets its reason, so "why is it not running?" has an answer.
            if (!request.Forced && _round.Candidates == 0)
            {
                if (decision.Refused == 0 && decision.Explains) decision.Refuse(HeadRefusal(request, view));
                break;
            }
            if (!request.Forced && view.Need >= refusedNeed && !decision.Explains)
            {
                decision.Refuse();
                continue;
            }
            if (_chain.FirstRefusing(view, _round) is { } refusing)
            {
                if (refusing is CoreFilter && !request.Forced) refusedNeed = Math.Min(refusedNeed, view.Need);
                if (decision.Explains) decision.Refuse(request.ExecutionId, refusing.Name, refusing.Explain(view, _round));
                else decision.Refuse();
                continue;
            }
            if (_book.Contains(request.ExecutionId)) continue; // already running or paused: the caller's view lags
            Place(request, view, decision);
        }
    }

    private void Place(PlacementRequest request, in RequestView view, DecisionBuilder decision)
    {
        var previous = request.PreviousCpus ?? _book.PeekPrevious(request.ExecutionId);
        var chosen = CoreSelector.Select(_round, _chain.Scorers, view.Need, request.Forced,
            TimeWindowFilter.MinWindowSteps(view, _round), previous, []);
        if (chosen is null) return; // cannot happen: the stages counted enough candidates
        var cpus = CoreSelector.Cpus(chosen);
        foreach (var core in cpus.Ids) _round.Take(core);
        _round.MemoryLeft -= request.MemoryBytes;
        _book.TakePrevious(request.ExecutionId);
        _book.Add(request.ExecutionId, view.Need, request.MemoryBytes, request.Forced, cpus, _round.Now, request.Class);
        decision.Add(new Start(request.ExecutionId, cpus, StartReason(request, cpus)) { Scores = chosen });
    }

    // On a busy node the head of the queue waits round after round for the same reason: the refusal is
    // reused while the request and the core filters' verdicts are unchanged, so a quiet round builds no string.
    private Refusal HeadRefusal(PlacementRequest head, in RequestView view)
    {
        // The held tasks' classes decide the class stage without touching the cores: they are part of the key.
        var fingerprint = HashCode.Combine(_round.Fingerprint(), _book.ExclusiveCount, _book.NonBackgroundCount);
        if (_head is { } last && ReferenceEquals(last.Request, head) && last.Fingerprint == fingerprint) return last.Refusal;
        var stage = _chain.FirstRefusing(view, _round);
        var refusal = stage is null
            ? new Refusal(head.ExecutionId, "", "no core is a candidate this round")
            : new Refusal(head.ExecutionId, stage.Name, stage.Explain(view, _round));
        _head = (head, fingerprint, refusal);
        return refusal;
    }

    private string StartReason(PlacementRequest request, Odop.Core.Hardware.CpuSet cpus)
    {
        if (request.Forced) return $"started by user on {cpus}";
        var window = int.MaxValue;
        foreach (var core in cpus.Ids) window = Math.Min(window, _round.WindowOf(core));
        var seconds = (_predictor.Options.SamplingPeriod * window).TotalSeconds;
        return window >= _predictor.Options.LookaheadSteps
            ? $"predicted idle on {cpus} with no end in sight"
            : string.Create(CultureInfo.InvariantCulture, $"predicted idle on {cpus} for {seconds:G3} s");
    }
}
