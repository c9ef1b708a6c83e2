using System.Text.Json.Nodes;
using Odop.Core.Internal;

namespace Odop.Core.Workflow;

/// <summary>
/// A group of executions: how its members run (<see cref="Strategy"/>, <see cref="Parallelism"/>), what a
/// member's failure does (<see cref="FailureMode"/>) and which groups must end before it starts (<see cref="After"/>).
/// Every member carries the same spec. <see cref="Parallelism"/> 0 means the node's default (half the cores
/// it offers side tasks, at least 1); sequential groups run one member at a time.
/// </summary>
public sealed class GroupSpec
{
    public GroupSpec(string name, GroupStrategy strategy, FailureMode failureMode, int parallelism = 0, IReadOnlyList<string>? after = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(parallelism);
        Name = name;
        Strategy = strategy;
        FailureMode = failureMode;
        Parallelism = strategy == GroupStrategy.Sequential ? 1 : parallelism;
        After = after ?? [];
    }

    public string Name { get; }
    public GroupStrategy Strategy { get; }
    public FailureMode FailureMode { get; }
    public int Parallelism { get; }

    /// <summary>Names of groups that must have ended first; if one failed, this group is skipped unless it is runalways.</summary>
    public IReadOnlyList<string> After { get; }

    /// <summary>The same spec with the node's default parallelism filled in.</summary>
    public GroupSpec WithDefaultParallelism(int degree) =>
        Parallelism > 0 ? this : new GroupSpec(Name, Strategy, FailureMode, Math.Max(1, degree), After);

    public bool SameAs(GroupSpec other) =>
        Name == other.Name && Strategy == other.Strategy && FailureMode == other.FailureMode
        && Parallelism == other.Parallelism && After.SequenceEqual(other.After);

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["strategy"] = Strategy.ToName(),
        ["parallelism"] = Parallelism,
        ["failure_mode"] = FailureMode.ToName(),
        ["after"] = new JsonArray([.. After.Select(a => (JsonNode?)JsonValue.Create(a))]),
    };

    /// <summary>Reads the keys name, strategy, parallelism, failure_mode and after of <paramref name="o"/> (other keys are the caller's).</summary>
    public static GroupSpec Read(JsonObject o, string path)
    {
        var name = JsonFields.RequiredString(o, path, "name");
        var strategy = WorkflowModeNames.ParseStrategy(JsonFields.OptionalString(o, path, "strategy") ?? "parallel", JsonFields.Join(path, "strategy"));
        var failure = WorkflowModeNames.ParseFailureMode(JsonFields.OptionalString(o, path, "failure_mode") ?? "failfast", JsonFields.Join(path, "failure_mode"));
        var parallelism = JsonFields.OptionalInt(o, path, "parallelism") ?? 0;
        if (parallelism < 0) throw new OdopValidationException(null, JsonFields.Join(path, "parallelism"), $"must be 0 (the node's default) or more, not {parallelism}");
        return new GroupSpec(name, strategy, failure, parallelism, Strings(o, path, "after"));
    }

    internal static List<string> Strings(JsonObject o, string path, string key)
    {
        var list = new List<string>();
        if (JsonFields.OptionalArray(o, path, key) is not { } array) return list;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i]?.GetValueKind() != System.Text.Json.JsonValueKind.String || string.IsNullOrWhiteSpace(array[i]!.GetValue<string>()))
                throw new OdopValidationException(null, $"{JsonFields.Join(path, key)}[{i}]", "must be a non-empty string");
            list.Add(array[i]!.GetValue<string>());
        }
        return list;
    }
}
