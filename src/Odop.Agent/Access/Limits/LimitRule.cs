namespace Odop.Agent.Access.Limits;

/// <summary>
/// One rule of a limits file. It applies to an enqueue when the user is in <see cref="Users"/> and the task in
/// <see cref="Tasks"/> (null: everyone, every task); every constraint it sets must then hold.
/// </summary>
public sealed record LimitRule(int Index)
{
    public IReadOnlySet<string>? Users { get; init; }
    public IReadOnlySet<string>? Tasks { get; init; }

    /// <summary>false: matching users may not run matching tasks.</summary>
    public bool? Allow { get; init; }

    /// <summary>Matching users may run only these tasks.</summary>
    public IReadOnlySet<string>? AllowedTasks { get; init; }

    /// <summary>Matching tasks may be run only by these users.</summary>
    public IReadOnlySet<string>? AllowedUsers { get; init; }

    /// <summary>At most this many unfinished (queued or live) executions of matching tasks per user.</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>At most this many cores (the profiles' cpus.min) over a user's unfinished executions of matching tasks.</summary>
    public double? MaxCores { get; init; }

    /// <summary>Matching tasks may be enqueued only within this daily window (the agent's local time).</summary>
    public TimeWindow? Window { get; init; }

    /// <summary>A matching task's profile time may not exceed this.</summary>
    public TimeSpan? MaxTime { get; init; }

    public bool AppliesTo(string user, string task) => Matches(Users, user) && Matches(Tasks, task);

    private static bool Matches(IReadOnlySet<string>? names, string name) => names is null || names.Contains("*") || names.Contains(name);
}

/// <summary>A daily window "22:00-06:00"; it may wrap past midnight.</summary>
public readonly record struct TimeWindow(TimeOnly From, TimeOnly To)
{
    public bool Contains(TimeOnly time) => From <= To ? time >= From && time < To : time >= From || time < To;

    public override string ToString() => $"{From:HH\\:mm}-{To:HH\\:mm}";
}
