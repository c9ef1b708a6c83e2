using Odop.Core.Hardware;
using Odop.Core.Profiles;

namespace Odop.Scheduling.Tasks;

/// <summary>
/// The side tasks the scheduler holds (running or paused) and the cores they lease.
/// Invariants: a core's lease count is the number of held tasks whose <see cref="SideTask.Cpus"/> contain it;
/// <see cref="ExclusiveCount"/> and <see cref="NonBackgroundCount"/> count the held tasks of those classes.
/// </summary>
internal sealed class TaskBook
{
    private const int RememberedPlacements = 4096;

    private readonly Dictionary<string, SideTask> _byId = new(StringComparer.Ordinal);
    private readonly List<SideTask> _inOrder = []; // start order, so every walk over tasks is deterministic
    private readonly Dictionary<string, CpuSet> _previous = new(StringComparer.Ordinal); // requeued executions' last cores
    private readonly Queue<string> _previousOrder = new();
    private int[] _leases = new int[64];

    public int Count => _inOrder.Count;

    /// <summary>Held tasks of class exclusive (running or paused).</summary>
    public int ExclusiveCount { get; private set; }

    /// <summary>Held tasks that are not background: what an exclusive task waits for.</summary>
    public int NonBackgroundCount { get; private set; }
    public List<SideTask> InOrder => _inOrder; // a List, so that walks over it use the struct enumerator

    public bool Contains(string id) => _byId.ContainsKey(id);

    public bool IsLeased(int core) => core < _leases.Length && _leases[core] > 0;

    public SideTask Add(string id, int need, long memoryBytes, bool forced, CpuSet cpus, TimeSpan now,
        ExecutionClass executionClass = ExecutionClass.Normal)
    {
        var task = new SideTask(id, need, memoryBytes, forced, now, executionClass);
        _byId.Add(id, task);
        _inOrder.Add(task);
        CountClass(task, +1);
        Pin(task, cpus);
        return task;
    }

    /// <summary>Moves <paramref name="task"/>'s lease to <paramref name="cpus"/> (empty: it holds none).</summary>
    public void Pin(SideTask task, CpuSet cpus)
    {
        var old = task.Cpus.Ids;
        for (var i = 0; i < old.Count; i++) _leases[old[i]]--;
        task.Cpus = cpus;
        var ids = cpus.Ids;
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] >= _leases.Length) Array.Resize(ref _leases, Math.Max(ids[i] + 1, _leases.Length * 2));
            _leases[ids[i]]++;
        }
    }

    public void Pause(SideTask task, TimeSpan now)
    {
        task.LastCpus = task.Cpus;
        task.Paused = true;
        task.PausedSince = now;
        Pin(task, CpuSet.Empty);
    }

    public void Resume(SideTask task, CpuSet cpus)
    {
        task.Paused = false;
        Pin(task, cpus);
    }

    /// <summary>Drops ended executions; unknown ids are ignored (the call is idempotent).</summary>
    public void Forget(IEnumerable<string> ended)
    {
        foreach (var id in ended) Remove(id, remember: false);
    }

    /// <summary>Drops a task and, if <paramref name="remember"/>, keeps where it ran so that its next start prefers those cores.</summary>
    public void Remove(string id, bool remember)
    {
        if (!_byId.Remove(id, out var task)) return;
        _inOrder.Remove(task);
        CountClass(task, -1);
        var last = task.Cpus.IsEmpty ? task.LastCpus : task.Cpus;
        Pin(task, CpuSet.Empty);
        if (!remember || last.IsEmpty) return;
        if (_previous.TryAdd(id, last)) _previousOrder.Enqueue(id);
        while (_previous.Count > RememberedPlacements) _previous.Remove(_previousOrder.Dequeue());
    }

    /// <summary>Where a requeued execution ran last; forgotten once it starts again.</summary>
    public CpuSet? TakePrevious(string id) => _previous.Remove(id, out var cpus) ? cpus : null;

    public CpuSet? PeekPrevious(string id) => _previous.GetValueOrDefault(id);

    public bool TryGet(string id, out SideTask task) => _byId.TryGetValue(id, out task!);

    private void CountClass(SideTask task, int sign)
    {
        if (task.Class == ExecutionClass.Exclusive) ExclusiveCount += sign;
        if (task.Class != ExecutionClass.Background) NonBackgroundCount += sign;
    }
}
