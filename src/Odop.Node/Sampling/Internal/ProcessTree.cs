using Odop.Node.Proc;

namespace Odop.Node.Sampling.Internal;

/// <summary>
/// Finds the descendants of a process: through /proc/&lt;pid&gt;/task/&lt;tid&gt;/children where
/// the kernel has it (CONFIG_PROC_CHILDREN), otherwise from one parent-pid scan of /proc per sample.
/// </summary>
internal sealed class ProcessTree(string procRoot)
{
    private readonly Dictionary<int, List<int>> _childrenByParent = [];
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
        var useChildrenFiles = File.Exists(Path.Combine(procRoot, Str(pid), "task", Str(pid), "children"));
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
        // Kernel threads are never anyone's descendants here: after their first walk only processes are read.
        foreach (var pid in _kernelThreads.UserProcesses(ProcessTable.NumericEntries(procRoot)))
        {
            using var stat = new ProcFile(Path.Combine(procRoot, Str(pid), "stat"), 512, singleRecord: true);
            if (!stat.TryRead(out var text) || !PidStatParser.TryParse(text, out var s)) continue;
            if (!_childrenByParent.TryGetValue(s.ParentPid, out var children))
                _childrenByParent[s.ParentPid] = children = [];
            children.Add(pid);
        }
    }

    private static string Str(int pid) => pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
