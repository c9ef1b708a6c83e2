namespace Odop.Core.Workflow;

/// <summary>When a dependent may start: <c>afterok</c> only if every dependency succeeded, <c>afterany</c> once all have ended.</summary>
public enum DependencyMode { AfterOk, AfterAny }

/// <summary>How a group runs its members: one at a time in enqueue order, or up to its parallelism at once.</summary>
public enum GroupStrategy { Sequential, Parallel }

/// <summary>What a group does when a member ends in any state but succeeded (see README, "Groups").</summary>
public enum FailureMode
{
    /// <summary>Stop running members at once; queued ones are skipped.</summary>
    FailFast,
    /// <summary>Let running members finish; start no more (queued ones are skipped).</summary>
    WaitCurrent,
    /// <summary>Run every member; the group reports failure when all have ended.</summary>
    WaitAll,
    /// <summary>Like waitall, and the group runs even when the groups it follows failed.</summary>
    RunAlways,
}

/// <summary>The lower-case names the modes have in JSON, on the wire and in the CLI, and their parsing with clear errors.</summary>
public static class WorkflowModeNames
{
    public static string ToName(this DependencyMode mode) => mode == DependencyMode.AfterOk ? "afterok" : "afterany";
    public static string ToName(this GroupStrategy strategy) => strategy == GroupStrategy.Sequential ? "sequential" : "parallel";
    public static string ToName(this FailureMode mode) => mode.ToString().ToLowerInvariant();

    public static DependencyMode ParseDependencyMode(string? text, string field) => Parse<DependencyMode>(text, field, ToName);
    public static GroupStrategy ParseStrategy(string? text, string field) => Parse<GroupStrategy>(text, field, ToName);
    public static FailureMode ParseFailureMode(string? text, string field) => Parse<FailureMode>(text, field, ToName);

    private static T Parse<T>(string? text, string field, Func<T, string> name) where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
            if (name(value) == text) return value;
        throw new OdopValidationException(null, field,
            $"'{text}' is not one of {string.Join(", ", Enum.GetValues<T>().Select(name))}");
    }
}
