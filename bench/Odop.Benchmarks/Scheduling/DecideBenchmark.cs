using System.Diagnostics;
using Odop.Benchmarks.Sampler;
using Odop.Scheduling;
using Odop.Scheduling.Placement;
using Odop.Scheduling.Simulation;

namespace Odop.Benchmarks.Scheduling;

/// <summary>
/// Decision latency of the odop scheduler on one 128-core node with 10,000 queued executions.
/// The node replays a synthetic trace: 120 cores run the simulation flat out, 8 alternate between
/// long compute and idle phases, so most rounds nothing fits and now and then a core frees up.
/// Each round feeds 128 core samples, applies the commands (starts leave the queue and are replaced,
/// tasks end after their duration) and times only <see cref="SchedulerCore.Decide"/>.
/// Every number printed is measured; only the targets and the original ODOP reference are constants.
/// </summary>
internal static class DecideBenchmark
{
    private const int Cores = 128;
    private const int Queued = 10_000;
    private const int WarmupRounds = 3_000;
    private const int TimedRounds = 5_000;
    private const double TargetP99Micros = 1_000;
    private const double OdopMinMs = 61, OdopMaxMs = 87; // original ODOP, one decision on 4 nodes

    public static int Run(string[] args)
    {
        var timed = args.Length > 0 && int.TryParse(args[0], out var n) ? n : TimedRounds;
        var rounds = WarmupRounds + timed;
        var trace = SyntheticTraces.FullyBusy(120, rounds, seed: 1, level: 0.96, noise: 0.02)
            .Beside(SyntheticTraces.Bursty(8, rounds, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10), seed: 2, phaseSpread: 1));
        var loop = new DecideLoop(trace, Queued);

        for (var i = 0; i < WarmupRounds; i++) loop.Round(i);
        var micros = new double[timed];
        var cpuMicros = new double[timed];
        var allocatedBefore = loop.DecideAllocated;
        var collectionsBefore = GC.CollectionCount(0);
        var (startsBefore, busyBefore) = (loop.Starts, loop.RoundsWithCommands);
        for (var i = 0; i < timed; i++)
        {
            micros[i] = loop.Round(WarmupRounds + i);
            cpuMicros[i] = loop.LastCpuMicros;
        }
        var allocated = (loop.DecideAllocated - allocatedBefore) / (double)timed;
        var p = Percentiles.Of(micros);
        var cpu = Percentiles.Of(cpuMicros);
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

        Console.WriteLine($"decide benchmark: {Cores} cores, {Queued:N0} queued executions, {timed:N0} timed decisions after {WarmupRounds:N0} warm-up rounds");
        Console.WriteLine($"  machine: {Environment.ProcessorCount} CPUs, load average {load} (wall-clock tails include waiting for a CPU; thread CPU time does not)");
        Console.WriteLine($"  rounds with commands {loop.RoundsWithCommands - busyBefore:N0} ({loop.Starts - startsBefore:N0} starts, {loop.Moves:N0} moves, {loop.Pauses:N0} pauses, {loop.Resumes:N0} resumes in all); the rest had nothing that fits");
        Console.WriteLine($"  wall clock            {p}");
        Console.WriteLine($"  thread CPU time       {cpu}");
        Console.WriteLine($"  allocated per decision (inside Decide): {allocated:F0} bytes on average; gen-0 collections during the timed rounds: {GC.CollectionCount(0) - collectionsBefore}");
        Console.WriteLine($"  target p99 < {TargetP99Micros / 1000:F0} ms   wall clock {(p.P99 < TargetP99Micros ? "MET" : "MISSED")}, thread CPU time {(cpu.P99 < TargetP99Micros ? "MET" : "MISSED")}");
        var (walkWall, walkCpu, refused) = FullWalk.Measure(Cores, Queued, rounds: 1_000);
        var walk = Percentiles.Of(walkCpu);
        Console.WriteLine($"worst case, no early stop: 1 idle core, {Queued:N0} queued two-core executions, {refused:N0} refused per round, 1,000 rounds");
        Console.WriteLine($"  wall clock            {Percentiles.Of(walkWall)}");
        Console.WriteLine($"  thread CPU time       {walk}   ({walk.P50 * 1000 / Queued:F0} ns per queued execution at p50)");
        Console.WriteLine($"original ODOP: {OdopMinMs}–{OdopMaxMs} ms per decision on 4 nodes (reference, not measured here)");
        Console.WriteLine($"  ratio at p50: {OdopMinMs * 1000 / p.P50:N0}–{OdopMaxMs * 1000 / p.P50:N0}× faster; at p99: {OdopMinMs * 1000 / p.P99:N0}–{OdopMaxMs * 1000 / p.P99:N0}× faster");
        return 0;
    }

    /// <summary>The agent-like loop around <see cref="SchedulerCore.Decide"/>: samples in, commands applied, queue topped up.</summary>
    private sealed class DecideLoop
    {
        private readonly UtilisationTrace _trace;
        private readonly SchedulerCore _scheduler = new();
        private readonly NodeFacts _facts;
        private readonly List<PlacementRequest> _queue = [];
        private readonly CoreSample[] _samples = new CoreSample[Cores];
        private readonly Dictionary<string, (Odop.Core.Hardware.CpuSet Cpus, int EndsAt, bool Paused)> _running = [];
        private readonly Random _random = new(3);
        private readonly TimeSpan _period;
        private long _sequence;

        public DecideLoop(UtilisationTrace trace, int queued)
        {
            _trace = trace;
            _period = trace.Period;
            _facts = new NodeFacts(Odop.Core.Hardware.CpuSet.Range(0, Cores))
            {
                TotalMemoryBytes = 512L << 30,
                AvailableMemoryBytes = 200L << 30,
                Topology = NodeTopology.Uniform(Cores, threadsPerCore: 1, numaNodes: 8),
            };
            for (var i = 0; i < queued; i++) _queue.Add(NewRequest());
        }

        public int Starts { get; private set; }
        public int Moves { get; private set; }
        public int Pauses { get; private set; }
        public int Resumes { get; private set; }
        public int RoundsWithCommands { get; private set; }

        // Mostly 1-4 core tasks of seconds to minutes; a few ask for memory.
        private PlacementRequest NewRequest()
        {
            var cores = _random.Next(10) switch { < 6 => 1, < 8 => 2, < 9 => 4, _ => 8 };
            var seconds = _random.Next(5, 120);
            var memory = _random.Next(4) == 0 ? (long)_random.Next(1, 16) << 30 : 0;
            _sequence++;
            return new PlacementRequest($"exec-{_sequence:D6}", 0, _sequence, cores, MemoryBytes: memory, Time: TimeSpan.FromSeconds(seconds));
        }

        /// <summary>Thread CPU time of the last <c>Decide</c>, in microseconds (includes two clock reads).</summary>
        public double LastCpuMicros { get; private set; }

        /// <summary>Bytes allocated inside <c>Decide</c> so far.</summary>
        public long DecideAllocated { get; private set; }

        /// <summary>One round; returns the wall-clock microseconds <c>Decide</c> took.</summary>
        public double Round(int t)
        {
            var ended = new List<string>();
            foreach (var (id, task) in _running)
                if (task.EndsAt <= t) ended.Add(id);
            foreach (var id in ended) _running.Remove(id);
            for (var core = 0; core < Cores; core++)
            {
                var usage = _trace.Usage(t, core);
                _samples[core] = new CoreSample(core, usage);
            }
            foreach (var (_, task) in _running)
                if (!task.Paused)
                    foreach (var core in task.Cpus.Ids)
                    {
                        var sim = _samples[core].Usage;
                        _samples[core] = new CoreSample(core, Math.Min(1, sim + (1 - sim)), 1 - sim);
                    }
            var input = new SchedulingInput(_period * t, _facts, _samples, _queue) { Ended = ended };

            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuStarted = ThreadCpuTime.Nanoseconds();
            var started = Stopwatch.GetTimestamp();
            var decision = _scheduler.Decide(input);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            LastCpuMicros = (ThreadCpuTime.Nanoseconds() - cpuStarted) / 1000.0;
            DecideAllocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

            if (decision.Commands.Count > 0) RoundsWithCommands++;
            foreach (var command in decision.Commands) Apply(command, t);
            return elapsed;
        }

        private void Apply(SchedulerCommand command, int t)
        {
            switch (command)
            {
                case Start start:
                    Starts++;
                    var at = _queue.FindIndex(r => r.ExecutionId == start.ExecutionId);
                    var seconds = _queue[at].Time?.TotalSeconds ?? 10;
                    _queue.RemoveAt(at);
                    _queue.Add(NewRequest());
                    _running[start.ExecutionId] = (start.Cpus, t + (int)(seconds / _period.TotalSeconds), false);
                    break;
                case SetAffinity move:
                    Moves++;
                    _running[move.ExecutionId] = _running[move.ExecutionId] with { Cpus = move.Cpus };
                    break;
                case Pause pause:
                    Pauses++;
                    _running[pause.ExecutionId] = _running[pause.ExecutionId] with { Paused = true, Cpus = Odop.Core.Hardware.CpuSet.Empty };
                    break;
                case Resume resume:
                    Resumes++;
                    _running[resume.ExecutionId] = _running[resume.ExecutionId] with { Paused = false, Cpus = resume.Cpus ?? Odop.Core.Hardware.CpuSet.Empty };
                    break;
                case StopAndRequeue requeue:
                    _running.Remove(requeue.ExecutionId);
                    break;
            }
        }
    }
}
