namespace Odop.Agent.Access;

/// <summary>What a token lets its user do. Admin implies every other capability.</summary>
public enum Capability
{
    /// <summary>Queue executions (odop enqueue, simulations).</summary>
    Enqueue,

    /// <summary>Start, stop, skip, pause and resume one's own executions.</summary>
    Exec,

    /// <summary>List and inspect one's own executions, the node's monitor and usage.</summary>
    Query,

    /// <summary>Acquire, list and release one's own core leases.</summary>
    Lease,

    /// <summary>Everything, on everyone's executions and leases; manage users.</summary>
    Admin,
}

/// <summary>Capability names as users write them.</summary>
public static class Capabilities
{
    public static readonly IReadOnlyList<Capability> All = Enum.GetValues<Capability>();

    public static string Name(this Capability capability) => capability.ToString().ToLowerInvariant();

    public static string Known => string.Join(", ", All.Select(Name));

    /// <summary>Parses "query,lease" (commas and/or repeats); an unknown name is an <see cref="ArgumentException"/> naming it.</summary>
    public static IReadOnlySet<Capability> Parse(IEnumerable<string> names, string field = "capabilities")
    {
        var set = new SortedSet<Capability>();
        foreach (var raw in names)
            foreach (var part in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                set.Add(TryParse(part, out var capability)
                    ? capability
                    : throw new ArgumentException($"{field}: unknown capability '{part}' (known: {Known})"));
        if (set.Count == 0) throw new ArgumentException($"{field}: give at least one capability ({Known})");
        return set;
    }

    public static bool TryParse(string name, out Capability capability)
    {
        foreach (var c in All)
            if (string.Equals(c.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                capability = c;
                return true;
            }
        capability = default;
        return false;
    }
}
