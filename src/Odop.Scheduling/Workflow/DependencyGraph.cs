namespace Odop.Scheduling.Workflow;

/// <summary>
/// Checks a batch of new nodes (executions, or groups) with edges to what they wait for: every name
/// must be known (in the batch or already there) and the batch must not close a cycle. Nodes already
/// there cannot wait for new ones (their edges were checked when they came), so a cycle can only run
/// through the batch.
/// </summary>
public static class DependencyGraph
{
    /// <summary>Names the batch waits for that are neither in it nor known; in order of first mention, no repeats.</summary>
    public static IReadOnlyList<string> Unknown(IReadOnlyDictionary<string, IReadOnlyList<string>> batch, Func<string, bool> known) =>
        batch.Values.SelectMany(v => v).Where(d => !batch.ContainsKey(d) && !known(d)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A cycle within the batch as the path that closes it (a, b, a), or null when there is none.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, IReadOnlyList<string>> batch)
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path, true: done
        var path = new List<string>();
        foreach (var start in batch.Keys)
            if (Visit(start) is { } cycle) return cycle;
        return null;

        List<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var done))
                return done ? null : [.. path.Skip(path.IndexOf(node)), node];
            if (!batch.TryGetValue(node, out var edges)) return null; // known from before: no path back into the batch
            state[node] = false;
            path.Add(node);
            foreach (var next in edges)
                if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }
    }
}
