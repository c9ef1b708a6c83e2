namespace Odop.Node.Sampling;

/// <summary>
/// Splits each core's usage between simulation, side tasks and other. Approximate by design: /proc
/// says how much CPU a process used, not where. A process pinned to one CPU is charged to that CPU
/// (its last_cpu); any other is spread evenly over its allowed CPUs, or over all cores when its
/// affinity is unknown. Descendants are charged where their parent is, as children inherit affinity.
/// A core's claimed shares are scaled down to its measured usage, so other is never negative.
/// </summary>
internal static class CoreAttribution
{
    public static CoreMonitoring[] Attribute(IReadOnlyList<CoreUsage> cores, IReadOnlyList<ProcessEntry> processes)
    {
        var position = new Dictionary<int, int>(cores.Count);
        for (var i = 0; i < cores.Count; i++) position[cores[i].Id] = i;
        var simulation = new double[cores.Count];
        var sideTask = new double[cores.Count];

        foreach (var p in processes)
        {
            var shares = p.Role switch
            {
                ProcessRole.Simulation => simulation,
                ProcessRole.SideTask => sideTask,
                _ => null,
            };
            var cpu = (p.Cpu ?? 0) + (p.Descendants?.Cpu ?? 0);
            if (shares is null || cpu <= 0) continue;
            Charge(shares, position, cores, p, cpu);
        }

        var result = new CoreMonitoring[cores.Count];
        for (var i = 0; i < cores.Count; i++)
        {
            var usage = cores[i].Usage;
            var claimed = simulation[i] + sideTask[i];
            var scale = claimed > usage && claimed > 0 ? usage / claimed : 1;
            var sim = simulation[i] * scale;
            var side = sideTask[i] * scale;
            result[i] = new CoreMonitoring(cores[i].Id, usage, sim, side, Math.Max(0, usage - sim - side));
        }
        return result;
    }

    private static void Charge(double[] shares, Dictionary<int, int> position, IReadOnlyList<CoreUsage> cores, ProcessEntry p, double cpu)
    {
        if (p.AllowedCpus is { Count: 1 } && position.TryGetValue(p.LastCpu, out var pinned))
        {
            shares[pinned] += cpu;
            return;
        }
        var count = 0;
        if (p.AllowedCpus is { Count: > 0 } allowed)
            foreach (var id in allowed) count += position.ContainsKey(id) ? 1 : 0;
        if (count == 0)
        {
            // Unknown or offline-only affinity: the process may be anywhere.
            for (var i = 0; i < cores.Count; i++) shares[i] += cpu / cores.Count;
            return;
        }
        foreach (var id in p.AllowedCpus!)
            if (position.TryGetValue(id, out var at)) shares[at] += cpu / count;
    }
}
