using Odop.Core.Hardware;
using Odop.Node.Sampling;

namespace Odop.Agent.Monitoring;

/// <summary>
/// Splits each core's measured load into the part our side tasks used and the rest, which is what the
/// scheduler predicts and yields to. A side task's CPU (its children included) is charged to the cores
/// it may run on, evenly. Three moments have no reading to go by: a task's first samples (a CPU share needs
/// two readings), the sample after it ended (the CPU it used in its last period left with its process), and
/// the sample in which it moved (its share ran on its old cores and its new ones, in parts no reading tells).
/// Then the others' load on its cores is taken to be the lowest of the core's last settled samples, and the
/// task is charged the rest: on a core that was idle, the whole core, as charging it to "others" would show
/// the scheduler a busy spike at every start and end of a short task; on a rank's core lending its gaps, only
/// what the rank did not use, so the rank's load does not vanish for three samples at every start there.
/// This process's own CPU (the agent, and in `odop run` the engine) is ours too, charged evenly to the cores
/// it may run on: its start-up compilation or a burst of calls is no simulation work to yield to.
/// </summary>
internal sealed class SideTaskCharges
{
    public const int WarmUpSamples = 3;

    /// <summary>Settled samples whose lowest others' load stands in for an unsettled sample's.</summary>
    public const int SettledWindow = 5;

    private readonly Dictionary<int, long> _firstSeen = [];
    private Dictionary<int, CpuSet> _lastCores = [];
    private readonly Dictionary<int, SettledOthers> _settled = []; // per core
    private readonly HashSet<int> _unsettled = [];
    private long _samples;

    public Odop.Scheduling.CoreSample[] Charge(IReadOnlyList<CoreUsage> cores, IReadOnlyList<ProcessSample> sampled, IReadOnlyList<int> sideTaskPids,
        ProcessSample? self = null)
    {
        _samples++;
        foreach (var pid in sideTaskPids) _firstSeen.TryAdd(pid, _samples);
        if (_firstSeen.Count > sideTaskPids.Count * 2 + 16)
            foreach (var gone in _firstSeen.Keys.Where(p => !sideTaskPids.Contains(p)).ToList()) _firstSeen.Remove(gone);

        var own = new Dictionary<int, double>();
        var present = new Dictionary<int, CpuSet>();
        _unsettled.Clear();
        foreach (var p in sampled)
        {
            if (!sideTaskPids.Contains(p.Pid) || p.AllowedCpus is not { IsEmpty: false } cpus) continue;
            present[p.Pid] = cpus;
            var warmingUp = _samples - _firstSeen.GetValueOrDefault(p.Pid, _samples) < WarmUpSamples;
            // Moved in this period: its share ran partly on its old cores, partly on its new ones, in unknown parts.
            var moved = _lastCores.TryGetValue(p.Pid, out var before) && !before.Equals(cpus);
            if (moved)
                foreach (var core in before!.Ids) _unsettled.Add(core);
            foreach (var core in cpus.Ids)
            {
                if (warmingUp || moved) _unsettled.Add(core);
                else own[core] = own.GetValueOrDefault(core) + ((p.Cpu ?? 0) + (p.Descendants?.Cpu ?? 0)) / cpus.Count;
            }
        }
        if (self is { Cpu: { } selfCpu, AllowedCpus: { IsEmpty: false } selfCores })
            foreach (var core in selfCores.Ids) own[core] = own.GetValueOrDefault(core) + selfCpu / selfCores.Count;
        foreach (var (pid, cpus) in _lastCores)
            if (!present.ContainsKey(pid))
                foreach (var core in cpus.Ids) _unsettled.Add(core); // ended since the last sample
        _lastCores = present;

        var result = new Odop.Scheduling.CoreSample[cores.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var (id, usage) = (cores[i].Id, cores[i].Usage);
            var ours = own.GetValueOrDefault(id);
            if (_unsettled.Contains(id)) ours = Math.Max(ours, usage - (_settled.TryGetValue(id, out var settled) ? settled.Lowest : 0));
            else if (_settled.TryGetValue(id, out var window)) window.Add(Math.Max(0, usage - ours));
            else _settled[id] = new SettledOthers(Math.Max(0, usage - ours));
            result[i] = new Odop.Scheduling.CoreSample(id, usage, Math.Clamp(ours, 0, usage));
        }
        return result;
    }

    /// <summary>
    /// A core's others' load in its last <see cref="SettledWindow"/> settled samples. The lowest stands in: a rank's
    /// steady load holds it up, a passing burst (a helper thread, a kernel flush) does not, so a task starting after
    /// one is not charged as that burst going on.
    /// </summary>
    private sealed class SettledOthers
    {
        private readonly double[] _loads = new double[SettledWindow];
        private int _next;

        public SettledOthers(double first) => Array.Fill(_loads, first);

        public double Lowest
        {
            get
            {
                var lowest = _loads[0];
                for (var i = 1; i < _loads.Length; i++) lowest = Math.Min(lowest, _loads[i]);
                return lowest;
            }
        }

        public void Add(double others)
        {
            _loads[_next] = others;
            _next = (_next + 1) % _loads.Length;
        }
    }
}
