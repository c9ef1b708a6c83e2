using Odop.Core.Hardware;
using Odop.Scheduling.Placement;

namespace Odop.Scheduling.Simulation;

/// <summary>
/// Replays one node: each sampling period it hands the scheduler the samples of the period just
/// gone, applies the commands, then advances the model one period. The model (kept simple on purpose):
/// <list type="bullet">
/// <item>The simulation's usage is the trace; side tasks never slow it (they run under SCHED_IDLE),
/// so the trace is not stretched — harm is counted as interference samples instead.</item>
/// <item>A core offers a side task what the simulation leaves: 1 − usage + reclaimable (ranks waiting in MPI yield).</item>
/// <item>A pinned task's threads synchronise: it runs at the pace of its slowest core, so each of its
/// threads gets the smallest share among its cores; a paused task gets nothing.</item>
/// <item>Unpinned tasks (naive) are spread by the OS over the cores no pinned task holds, most idle
/// first, round robin once there are more threads than cores; threads on one core share it.</item>
/// <item>An interference sample is a (core, period) where a runnable side-task thread sits on a core
/// whose simulation load (usage − reclaimable) is over the busy threshold.</item>
/// <item>A stopped-and-requeued task loses its progress.</item>
/// </list>
/// </summary>
internal sealed class NodeReplay
{
    private readonly SimulatedNode _node;
    private readonly SchedulerCore _scheduler;
    private readonly double _busy;
    private readonly RunState[] _runs; // in arrival order
    private readonly Dictionary<string, RunState> _byId = new(StringComparer.Ordinal);
    private readonly List<PlacementRequest> _queue = [];
    private readonly CoreSample[] _samples;
    private readonly double[] _leftover;
    private readonly double[] _load;
    private readonly double[] _used;
    private readonly bool[] _usable;
    private readonly int[] _occupancy;
    private readonly bool[] _interfering;
    private List<string> _ended = [];
    private int _nextArrival;
    private int _completed, _starts, _moves, _pauses, _resumes, _requeues;
    private long _interference, _decisions;
    private double _harvested, _idle;
    private TimeSpan _lastCompletion;

    public NodeReplay(SimulatedNode node, SchedulerOptions options)
    {
        _node = node;
        _scheduler = new SchedulerCore(options);
        _busy = options.BusyThreshold;
        _runs = [.. node.Executions.OrderBy(e => e.Arrival).Select((e, i) => new RunState(e, i))];
        foreach (var run in _runs) _byId.Add(run.Execution.Id, run);
        var cores = node.Trace.Cores;
        _samples = new CoreSample[cores];
        _leftover = new double[cores];
        _load = new double[cores];
        _used = new double[cores];
        _occupancy = new int[cores];
        _usable = new bool[cores];
        _interfering = new bool[cores];
        foreach (var core in (node.UsableCpus ?? CpuSet.Range(0, cores)).Ids)
            if (core < cores) _usable[core] = true;
    }

    public SimulationReport Run()
    {
        var trace = _node.Trace;
        var usable = _node.UsableCpus ?? CpuSet.Range(0, trace.Cores);
        var facts = new NodeFacts(usable) { SimulationCpus = _node.SimulationCpus, Topology = _node.Topology, TotalMemoryBytes = _node.MemoryBytes };
        var end = trace.Duration;
        for (var t = 0; t < trace.Length; t++)
        {
            var now = trace.Period * t;
            while (_nextArrival < _runs.Length && _runs[_nextArrival].Execution.Arrival <= now) Enqueue(_runs[_nextArrival++]);
            FillSamples(t);
            if (_node.MemoryBytes > 0) facts = facts with { AvailableMemoryBytes = _node.MemoryBytes - HeldMemory() };
            var ended = _ended;
            _ended = [];
            var decision = _scheduler.Decide(new SchedulingInput(now, facts, _samples, _queue) { Ended = ended });
            _decisions++;
            Apply(decision.Commands);
            Advance(t, now + trace.Period);
            if (_completed == _runs.Length && _nextArrival == _runs.Length)
            {
                end = now + trace.Period;
                break;
            }
        }
        return new SimulationReport(_runs.Length, _completed, _completed == _runs.Length ? _lastCompletion : end,
            _harvested, _idle, _interference, _starts, _moves, _pauses, _resumes, _requeues, _decisions);
    }

    private void Enqueue(RunState run)
    {
        var e = run.Execution;
        _queue.Add(new PlacementRequest(e.Id, e.Priority, run.Sequence, e.Cores, MemoryBytes: e.MemoryBytes, Time: e.Estimate ?? e.Duration));
    }

    // The sample handed out at step t describes step t − 1 (at t = 0, the trace's first row, no side tasks yet).
    private void FillSamples(int t)
    {
        var trace = _node.Trace;
        var row = Math.Max(0, t - 1);
        for (var core = 0; core < trace.Cores; core++)
        {
            var usage = trace.Usage(row, core);
            var reclaimable = Math.Min(trace.Reclaimable(row, core), usage);
            var side = t == 0 ? 0 : Math.Min(1, _used[core]);
            var yielded = Math.Clamp(side - (1 - usage), 0, reclaimable); // what waiting ranks gave up to the side task
            _samples[core] = new CoreSample(core, Math.Clamp(usage + side - yielded, 0, 1), side, reclaimable - yielded);
        }
    }

    private long HeldMemory()
    {
        long held = 0;
        foreach (var run in _runs)
            if (run.Started && !run.Done) held += run.Execution.MemoryBytes;
        return held;
    }

    private void Apply(IReadOnlyList<SchedulerCommand> commands)
    {
        var started = false;
        foreach (var command in commands)
        {
            if (!_byId.TryGetValue(command.ExecutionId, out var run) || run.Done) continue;
            switch (command)
            {
                case Start start:
                    (run.Started, run.Paused, run.Cpus, started) = (true, false, start.Cpus, true);
                    _starts++;
                    break;
                case SetAffinity move:
                    run.Cpus = move.Cpus;
                    _moves++;
                    break;
                case Pause:
                    run.Paused = true;
                    _pauses++;
                    break;
                case Resume resume:
                    run.Paused = false;
                    run.Cpus = resume.Cpus ?? run.Cpus;
                    _resumes++;
                    break;
                case StopAndRequeue:
                    (run.Started, run.Paused, run.Cpus, run.Remaining) = (false, false, CpuSet.Empty, run.Execution.WorkCoreSeconds);
                    Enqueue(run);
                    _queue.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
                    _requeues++;
                    break;
            }
        }
        if (started) _queue.RemoveAll(r => _byId[r.ExecutionId].Started);
    }

    private void Advance(int t, TimeSpan stepEnd)
    {
        var trace = _node.Trace;
        var dt = trace.Period.TotalSeconds;
        Array.Clear(_used);
        Array.Clear(_occupancy);
        for (var core = 0; core < trace.Cores; core++)
        {
            var usage = trace.Usage(t, core);
            var reclaimable = Math.Min(trace.Reclaimable(t, core), usage);
            _load[core] = usage - reclaimable;
            _leftover[core] = Math.Clamp(1 - usage + reclaimable, 0, 1);
            if (_usable[core]) _idle += _leftover[core] * dt;
        }
        foreach (var run in _runs)
            if (run.Runnable && !run.Cpus.IsEmpty)
                foreach (var core in run.Cpus.Ids) _occupancy[core]++;

        var interfering = _interfering;
        Array.Clear(interfering);
        foreach (var run in _runs)
        {
            if (!run.Runnable || run.Cpus.IsEmpty) continue;
            var share = 1.0;
            foreach (var core in run.Cpus.Ids) share = Math.Min(share, _leftover[core] / _occupancy[core]);
            foreach (var core in run.Cpus.Ids)
            {
                _used[core] += share;
                if (_load[core] > _busy) interfering[core] = true;
            }
            Progress(run, Math.Min(run.Execution.Cores, run.Cpus.Count) * share * dt, stepEnd);
        }
        AdvanceUnpinned(dt, stepEnd, interfering);
        foreach (var flag in interfering)
            if (flag) _interference++;
    }

    // Unpinned threads go to the cores no pinned task holds, most idle first, round robin.
    private void AdvanceUnpinned(double dt, TimeSpan stepEnd, bool[] interfering)
    {
        var threads = 0;
        foreach (var run in _runs)
            if (run.Runnable && run.Cpus.IsEmpty) threads += run.Execution.Cores;
        if (threads == 0) return;
        var free = Enumerable.Range(0, _leftover.Length).Where(c => _usable[c] && _occupancy[c] == 0)
            .OrderByDescending(c => _leftover[c]).ThenBy(c => c).ToArray();
        if (free.Length == 0) return;
        int PerCore(int position) => threads / free.Length + (position < threads % free.Length ? 1 : 0);
        for (var i = 0; i < free.Length && i < threads; i++)
        {
            _used[free[i]] = _leftover[free[i]];
            if (_load[free[i]] > _busy) interfering[free[i]] = true;
        }
        var thread = 0;
        foreach (var run in _runs)
        {
            if (!run.Runnable || !run.Cpus.IsEmpty) continue;
            var share = 1.0;
            for (var k = 0; k < run.Execution.Cores; k++, thread++)
            {
                var position = thread % free.Length;
                share = Math.Min(share, _leftover[free[position]] / PerCore(position));
            }
            Progress(run, run.Execution.Cores * share * dt, stepEnd);
        }
    }

    private void Progress(RunState run, double coreSeconds, TimeSpan stepEnd)
    {
        var done = Math.Min(coreSeconds, run.Remaining);
        _harvested += done;
        run.Remaining -= done;
        if (run.Remaining > 1e-9) return;
        run.Done = true;
        _completed++;
        _lastCompletion = stepEnd;
        _ended.Add(run.Execution.Id);
    }

    private sealed class RunState(SimulatedExecution execution, long sequence)
    {
        public SimulatedExecution Execution { get; } = execution;
        public long Sequence { get; } = sequence;
        public double Remaining { get; set; } = execution.WorkCoreSeconds;
        public CpuSet Cpus { get; set; } = CpuSet.Empty;
        public bool Started { get; set; }
        public bool Paused { get; set; }
        public bool Done { get; set; }
        public bool Runnable => Started && !Paused && !Done;
    }
}
