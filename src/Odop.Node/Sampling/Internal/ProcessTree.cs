using Odop.Node.Proc;

namespace Odop.Node.Sampling.Internal;

/// <summary>
/// Finds the descendants of a process: through /proc/&lt;pid&gt;/task/&lt;tid&gt;/children where
/// the kernel has it (CONFIG_PROC_CHILDREN), otherwise from one parent-pid scan of /proc per sample.
/// The scan reads a process's stat once and remembers its parent while both stay listed (<see cref="ListedPidMemory{T}"/>):
/// a parent is set at fork and changes only when the parent exits (the child is reparented), so a process whose parent
/// has left the listing is read again. A sample then reads only the processes started since the last one.
/// </summary>
/// <param name="scanOnly">Scan for parents even where children files exist (tests of the scan on a real /proc).</param>
internal sealed class ProcessTree(string procRoot, bool scanOnly = false)
{
    private readonly Dictionary<int, List<int>> _childrenByParent = [];
    private readonly ListedPidMemory<int> _parentOf = new();
    private readonly Queue<int> _pending = new();
    private readonly HashSet<int> _visited = [];
    private readonly KernelThreadFilter _kernelThreads = new(procRoot);
    private long _scannedGeneration = -1;

    /// <summary>Appends every descendant of <paramref name="pid"/> (not itself) to <paramref name="into"/>.</summary>
    public void Collect(int pid, long generation, List<int> into)
    {
        _pending.Clear();
        _visited.Clear();
        _visited.Add(pid);
        _pending.Enqueue(pid);
        var useChildrenFiles = !scanOnly && File.Exists(Path.Combine(procRoot, Str(pid), "task", Str(pid), "children"));
        if (!useChildrenFiles) ScanParents(generation);
        while (_pending.TryDequeue(out var parent))
        {
            if (useChildrenFiles) EnqueueFromChildrenFiles(parent, into);
            else if (_childrenByParent.TryGetValue(parent, out var children))
                foreach (var child in children) Visit(child, into);
        }
    }

    private void Visit(int child, List<int> into)
    {
        if (!_visited.Add(child)) return; // pid reuse during a walk could otherwise loop
        into.Add(child);
        _pending.Enqueue(child);
    }

    private void EnqueueFromChildrenFiles(int parent, List<int> into)
    {
        // Each thread has its own children file: a child forked by a worker thread is listed there.
        try
        {
            foreach (var task in Directory.EnumerateDirectories(Path.Combine(procRoot, Str(parent), "task")))
            {
                var text = File.ReadAllText(Path.Combine(task, "children"));
                foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (int.TryParse(token, out var child)) Visit(child, into);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The parent exited mid-walk: it has no more children to report.
        }
    }

    private void ScanParents(long generation)
    {
        if (_scannedGeneration == generation) return; // one scan serves every query of a sample
        _scannedGeneration = generation;
        foreach (var list in _childrenByParent.Values) list.Clear();
        _parentOf.BeginWalk();
        // Kernel threads are never anyone's descendants here: after their first walk only processes are read.
        foreach (var pid in _kernelThreads.UserProcesses(ProcessTable.NumericEntries(procRoot)))
        {
            if (!_parentOf.TryRecall(pid, out var parent))
            {
                if (ReadParent(pid) is not { } read) continue; // gone since the listing
                parent = read;
            }
            _parentOf.Keep(pid, parent);
        }
        var listed = _parentOf.Kept;
        foreach (var (pid, parent) in listed)
        {
            // Its parent has exited, so it has been reparented: left out now, read again next scan.
            // (Parent 0: one outside this PID namespace.)
            if (parent != 0 && !listed.ContainsKey(parent))
            {
                listed.Remove(pid);
                continue;
            }
            if (!_childrenByParent.TryGetValue(parent, out var children))
                _childrenByParent[parent] = children = [];
            children.Add(pid);
        }
        _parentOf.EndWalk();
    }

    private int? ReadParent(int pid)
    {
        using var stat = new ProcFile(Path.Combine(procRoot, Str(pid), "stat"), 512, singleRecord: true);
        return stat.TryRead(out var text) && PidStatParser.TryParse(text, out var s) ? s.ParentPid : null;
    }

    private static string Str(int pid) => pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
