namespace Odop.Agent.Access.Limits;

/// <summary>
/// Applies a limits file to one enqueue; pure (the time of day and the user's unfinished executions are given),
/// so every rule is tested without an agent. Admins are not limited.
/// </summary>
public static class LimitsCheck
{
    /// <summary>The first rule the enqueue breaks, in file order; null when every rule holds.</summary>
    public static LimitsRefusal? Evaluate(LimitsFile limits, string user, IReadOnlyCollection<UnfinishedExecution> unfinished,
        IReadOnlyList<(UnfinishedExecution Execution, TimeSpan ProfileTime)> added, TimeOnly localTime)
    {
        foreach (var rule in limits.Rules)
        {
            var matching = added.Where(a => rule.AppliesTo(user, a.Execution.Task)).ToList();
            if (matching.Count == 0) continue;
            var task = matching[0].Execution.Task;
            string? why = null;
            var quota = false;
            if (rule.Allow == false) why = $"user {user} may not run {task}";
            else if (rule.AllowedTasks is { } tasks && matching.Select(a => a.Execution).FirstOrDefault(a => !tasks.Contains(a.Task)) is { } other)
                why = $"user {user} may run only {string.Join(", ", tasks.Order(StringComparer.Ordinal))}, not {other.Task}";
            else if (rule.AllowedUsers is { } users && !users.Contains(user)) why = $"only {string.Join(", ", users.Order(StringComparer.Ordinal))} may run {task}";
            else if (rule.Window is { } window && !window.Contains(localTime)) why = $"{task} may be enqueued only {window}, it is {localTime:HH\\:mm}";
            else if (rule.MaxTime is { } maxTime && matching.Where(a => a.ProfileTime > maxTime).Select(a => a.Execution).FirstOrDefault() is { } tooLong)
                why = $"max_time {Odop.Core.Quantities.DurationQuantity.FromSeconds(maxTime.TotalSeconds)}: {tooLong.Task} asks for " +
                    Odop.Core.Quantities.DurationQuantity.FromSeconds(matching.First(a => a.Execution == tooLong).ProfileTime.TotalSeconds);
            else
            {
                var mine = unfinished.Where(u => rule.AppliesTo(user, u.Task)).ToList();
                if (rule.MaxConcurrent is { } maxCount && mine.Count + matching.Count > maxCount)
                    (why, quota) = ($"max_concurrent {maxCount} for user {user}: {mine.Count} unfinished, {matching.Count} more asked", true);
                else if (rule.MaxCores is { } maxCores && mine.Sum(u => u.Cores) + matching.Sum(a => a.Execution.Cores) > maxCores + 1e-9)
                    (why, quota) = ($"max_cores {maxCores.ToString(System.Globalization.CultureInfo.InvariantCulture)} for user {user}: " +
                        $"{mine.Sum(u => u.Cores).ToString(System.Globalization.CultureInfo.InvariantCulture)} held by unfinished executions, " +
                        $"{matching.Sum(a => a.Execution.Cores).ToString(System.Globalization.CultureInfo.InvariantCulture)} more asked", true);
            }
            if (why is not null) return new LimitsRefusal(limits.Path, rule.Index, why, quota);
        }
        return null;
    }
}
